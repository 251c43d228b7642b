package org.streetnode.agent.shell;

/**
 * One area of the agent as the shell shows it: a snapshot taken when a crew asks, as a record
 * (or list of records) that serialises to JSON with Jackson: {@code Optional} and
 * {@code java.time} values are fine. It is called on a shell connection's thread, so it must be
 * quick and thread-safe, and must never wait on hardware or the network.
 *
 * <p>Registered by the composition root: {@code shellBuilder.topic(Topic.BUFFER, store::metrics)}.
 */
@FunctionalInterface
public interface DiagnosticsSource<T> {
    T snapshot();
}
