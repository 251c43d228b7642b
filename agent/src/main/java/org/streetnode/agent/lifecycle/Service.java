package org.streetnode.agent.lifecycle;

/**
 * A part of the agent with a start and a stop, run by {@link Lifecycle}. Start may fail (the
 * agent then stops what it started and exits); stop must not throw for ordinary reasons and
 * must finish promptly, because the whole agent has 5 s to stop on SIGTERM.
 */
public interface Service {
    /** Short name for logs ("store", "lwm2m"). */
    String name();

    void start() throws Exception;

    void stop() throws Exception;
}
