package org.streetnode.agent.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": after the n-th consecutive failure wait between half
 * and all of {@code min(max, initial * 2^(n-1))}. The jitter spreads the retries of many nodes
 * that failed together; the half that is kept stops a node from hammering a struggling server.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    Duration delay(int failures) {
        long cap = max.toMillis();
        long base = initial.toMillis();
        long d = base;
        for (int i = 1; i < failures && d < cap; i++) {
            d *= 2;
        }
        d = Math.min(d, cap);
        long half = d / 2;
        return Duration.ofMillis(half + random.nextLong(d - half + 1));
    }
}
