package org.streetnode.agent.shell;

/** What a shell caller may do. */
public enum Role {
    /** Read diagnostics: status, sensors, lamp, buffer, network, LwM2M, log, config, top. */
    MAINTENANCE,
    /** Everything a maintenance crew may, and act: lamp override, self-test. */
    OPERATOR;

    /** Whether a caller with this role may run a command that needs {@code required}. */
    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }
}
