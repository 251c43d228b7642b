package org.streetnode.agent.health;

import java.time.Duration;

/**
 * How long to wait before trying a failing part again: {@code first} after the first failure,
 * doubling with each failure after it, never longer than {@code max}. No jitter: the parts
 * retried this way are the node's own devices, which no other node contends for, and a fixed
 * schedule is what the shell can show as the next attempt.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (!first.isPositive() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff from " + first + " up to " + max);
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1, 2, ...). */
    public Duration after(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }
}
