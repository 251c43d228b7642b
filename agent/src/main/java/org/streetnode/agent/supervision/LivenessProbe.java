package org.streetnode.agent.supervision;

import java.util.function.LongSupplier;

/**
 * One of the agent's loops, judged by progress rather than by time: {@code progress} counts the
 * loop's completed rounds, so a loop is alive when the count moved since the last look. Wall
 * clock jumps (a Pi's clock is set by NTP long after boot) cannot make it look stalled.
 *
 * @param name for the log and systemd's status line ("lighting")
 * @param progress completed rounds so far
 */
public record LivenessProbe(String name, LongSupplier progress) {
}
