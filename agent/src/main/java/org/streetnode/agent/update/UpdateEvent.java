package org.streetnode.agent.update;

import java.net.URI;

/** What happens to an update: the platform's requests, and how downloads and installs end. */
public sealed interface UpdateEvent {
    /** The first block of a pushed package (or a whole one in one write). */
    record PushStarted() implements UpdateEvent {
    }

    /** A package URI the node can fetch from. */
    record PullStarted(URI uri) implements UpdateEvent {
    }

    /** A package URI the node cannot use: malformed (invalid URI) or of a scheme it does not fetch (unsupported protocol). */
    record UriRefused(UpdateResult result, String reason) implements UpdateEvent {
    }

    /** An empty package or package URI written: start over. */
    record Cancelled() implements UpdateEvent {
    }

    /** The whole package arrived and verified. */
    record DownloadCompleted(Manifest manifest) implements UpdateEvent {
    }

    /** The download ended without a package this node may install. */
    record DownloadFailed(UpdateResult result, String reason) implements UpdateEvent {
    }

    /** The platform executed Update. */
    record UpdateRequested() implements UpdateEvent {
    }

    /** The install helper installed the package and the new version proved itself. */
    record UpdateSucceeded() implements UpdateEvent {
    }

    /** The install helper could not install it, or the new version failed its health check and was rolled back. */
    record UpdateFailed(String reason) implements UpdateEvent {
    }

    /** The package kept in the spool no longer verifies (found at start). */
    record PackageSpoiled(String reason) implements UpdateEvent {
    }
}
