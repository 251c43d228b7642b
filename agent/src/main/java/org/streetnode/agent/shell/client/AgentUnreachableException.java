package org.streetnode.agent.shell.client;

/**
 * The client could not get an answer: the agent is not running, does not answer in time, or the
 * caller may not open its socket.
 */
final class AgentUnreachableException extends Exception {
    /** Whether the operating system refused the caller (socket permissions) rather than the agent being away. */
    private final boolean permissionDenied;

    AgentUnreachableException(String message, boolean permissionDenied) {
        super(message);
        this.permissionDenied = permissionDenied;
    }

    boolean permissionDenied() {
        return permissionDenied;
    }
}
