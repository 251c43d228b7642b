package org.streetnode.agent.supervision;

import java.util.function.LongSupplier;

/**
 * One of the agent's loops, judged by progress rather than by time: {@code progress} counts the
 * loop's completed rounds and its time asleep towards the next ({@code Wakeup#progress}), so a
 * loop is alive when the count moved since the last look, and stalled only while a round does
 * not end or its thread is gone. Wall clock jumps (a Pi's clock is set by NTP long after boot)
 * cannot make it look stalled.
 *
 * @param name for the log and systemd's status line ("lighting")
 * @param progress completed rounds and time asleep so far
 */
public record LivenessProbe(String name, LongSupplier progress) {
}
