package org.streetnode.agent.shell;

/** What {@link AccessPolicy} decided for one caller. */
public sealed interface Access {
    record Granted(Role role) implements Access {
    }

    /** @param reason for the caller and the log, e.g. which groups would have let them in */
    record Refused(String reason) implements Access {
    }
}
