package org.streetnode.agent.lwm2m.engine;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The waits of the LwM2M 1.1 registration procedure, with a random phase.
 *
 * <p>Within a communication sequence, the wait after the n-th failed attempt is the
 * Communication Retry Timer (Server 18) times 2^(n-1); between sequences it is the Communication
 * Sequence Delay Timer (19). With jitter, the first wait after the node lost its server is drawn
 * at random between nothing and all of its value, and every later wait is exactly what the
 * settings say: each node keeps the random phase it drew, so nodes that failed together (a
 * city-wide outage, a server restart) come back spread evenly over one wait, however long the
 * outage lasted. (Drawing every wait anew between half and all of it would bunch the returns
 * towards the start of the window: the node's next attempt after a random moment is then more
 * likely soon than late.) Never later than the server's settings say.
 */
public final class RetryBackoff {
    /** Doubling stops here: a wait within a sequence never exceeds a day. */
    static final Duration LONGEST_WAIT = Duration.ofDays(1);

    private final RandomGenerator random;
    private final boolean jitter;

    /**
     * @param random the source of the phase
     * @param jitter false: every wait is exactly the settings' value (a benchmark's baseline)
     */
    public RetryBackoff(RandomGenerator random, boolean jitter) {
        this.random = random;
        this.jitter = jitter;
    }

    /** The spec's wait after the {@code failedAttempts}-th failed attempt of a sequence (1, 2, ...). */
    public static Duration attemptWait(Duration retryTimer, int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration d = retryTimer.multipliedBy(1L << doublings);
        return d.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : d;
    }

    /**
     * The wait after the {@code failedAttempts}-th failed attempt.
     *
     * @param first whether this is the first wait since the node last reached its server
     */
    public Duration afterAttempt(Duration retryTimer, int failedAttempts, boolean first) {
        return phase(attemptWait(retryTimer, failedAttempts), first);
    }

    /** The wait between sequences; {@code first} as for {@link #afterAttempt}. */
    public Duration afterSequence(Duration sequenceDelay, boolean first) {
        return phase(sequenceDelay, first);
    }

    /** The first wait: a random duration in (0, d]; any later one: d. */
    private Duration phase(Duration d, boolean first) {
        long ms = d.toMillis();
        if (!jitter || !first || ms <= 1) {
            return d;
        }
        return Duration.ofMillis(ms - random.nextLong(ms));
    }
}
