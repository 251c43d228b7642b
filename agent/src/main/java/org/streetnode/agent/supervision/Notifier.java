package org.streetnode.agent.supervision;

import java.io.IOException;

/** Where sd_notify messages go: systemd's socket ({@link NotifySocket}), or a test's recorder. */
@FunctionalInterface
public interface Notifier {
    /** Sends one message ("READY=1", or several assignments separated by newlines). */
    void send(String message) throws IOException;
}
