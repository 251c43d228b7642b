package org.streetnode.agent.lwm2m.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The waits of the LwM2M 1.1 registration procedure, with jitter.
 *
 * <p>Within a communication sequence, the wait after the n-th failed attempt is the
 * Communication Retry Timer (Server 18) times 2^(n-1); between sequences it is the Communication
 * Sequence Delay Timer (19). Each wait is then drawn at random between half and all of that
 * value: never later than the server's settings say, and nodes that failed together (a
 * city-wide outage, a server restart) do not come back together.
 */
public final class RetryBackoff {
    /** Doubling stops here: a wait within a sequence never exceeds a day. */
    static final Duration LONGEST_WAIT = Duration.ofDays(1);

    private final RandomGenerator random;

    public RetryBackoff(RandomGenerator random) {
        this.random = random;
    }

    /** The spec's wait after the {@code failedAttempts}-th failed attempt of a sequence (1, 2, ...), before jitter. */
    public static Duration attemptWait(Duration retryTimer, int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration d = retryTimer.multipliedBy(1L << doublings);
        return d.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : d;
    }

    /** The jittered wait after the {@code failedAttempts}-th failed attempt. */
    public Duration afterAttempt(Duration retryTimer, int failedAttempts) {
        return jitter(attemptWait(retryTimer, failedAttempts));
    }

    /** The jittered wait between sequences. */
    public Duration afterSequence(Duration sequenceDelay) {
        return jitter(sequenceDelay);
    }

    /** A random duration in (d/2, d]. */
    Duration jitter(Duration d) {
        long ms = d.toMillis();
        if (ms <= 1) {
            return d;
        }
        long half = ms / 2;
        return Duration.ofMillis(ms - random.nextLong(half));
    }
}
