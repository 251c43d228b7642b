package org.streetnode.agent.update.fetch;

/** Why a fetch ended early, and whether trying again may help. */
public final class FetchException extends Exception {
    /** What kind of failure it was. */
    public enum Kind {
        /** The network or the server failed for now (timeout, lost connection, 5.xx): retry later. */
        TRANSIENT,
        /** The URI names nothing the server gives this node (4.04, 404, 403). */
        NOT_FOUND,
        /** The server cannot serve the package in resumable blocks, or the scheme needs what the node lacks. */
        UNSUPPORTED,
        /** The receiving side stopped the fetch (cancelled, refused, disk full). */
        STOPPED
    }

    private final Kind kind;

    public FetchException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FetchException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
