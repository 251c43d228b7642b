package org.streetnode.agent.shell;

import java.util.List;

/**
 * The hardware self-test an operator runs from the shell: every sensor read once, the lamp
 * switched and its power checked. Registered by the composition root when the board has one.
 */
@FunctionalInterface
public interface SelfTest {
    /** Runs the test; may take seconds (the client waits up to a minute). */
    Report run() throws InterruptedException;

    /** @param checks one per part tested, in order */
    record Report(boolean passed, List<Check> checks) {
        public Report {
            checks = List.copyOf(checks);
        }
    }

    /** @param detail what was measured or what went wrong, for people */
    record Check(String name, boolean passed, String detail) {
    }
}
