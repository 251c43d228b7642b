package org.streetnode.agent.lwm2m.engine;

import java.time.Duration;
import org.streetnode.agent.lwm2m.object.ServerObject.RetrySettings;

/**
 * Counts failed attempts and sequences and says what comes next, as the LwM2M 1.1 registration
 * procedure and Server resources 16-20 describe it. Holds only the two counters; the engine
 * applies the decisions.
 */
final class RetryPolicy {
    private final RetryBackoff backoff;
    private int failedAttempts;
    private int failedSequences;
    /** Whether a wait was drawn since the last success: only the first one takes the random phase. */
    private boolean phased;

    RetryPolicy(RetryBackoff backoff) {
        this.backoff = backoff;
    }

    /** What the engine does after a failed attempt. */
    sealed interface Decision {
    }

    /** Try again after {@code delay}; {@code sequenceFailed} when this closed a sequence. */
    record Wait(Duration delay, boolean sequenceFailed) implements Decision {
    }

    /** Ask the bootstrap server, now. */
    record Bootstrap(String why) implements Decision {
    }

    /** Stop trying: the server's settings say no further sequence, and there is no bootstrap server to ask. */
    record GiveUp() implements Decision {
    }

    /** A success: the next failure starts a new sequence. */
    void succeeded() {
        failedAttempts = 0;
        failedSequences = 0;
        phased = false;
    }

    /**
     * @param refused the server answered the attempt with a client error: it does not (or no
     *     longer) accept this account
     * @param canBootstrap a bootstrap server is configured and Bootstrap on Registration Failure
     *     (16) allows asking it
     */
    Decision failed(RetrySettings retry, boolean refused, boolean canBootstrap) {
        if (refused && canBootstrap) {
            succeeded();
            return new Bootstrap("the server refused the registration");
        }
        failedAttempts++;
        boolean first = !phased;
        phased = true;
        if (failedAttempts < retry.attempts()) {
            return new Wait(backoff.afterAttempt(retry.firstWait(), failedAttempts, first), false);
        }
        failedAttempts = 0;
        failedSequences++;
        boolean registrationFailed = failedSequences >= retry.sequences() || retry.noFurtherSequences();
        if (registrationFailed && canBootstrap) {
            int sequences = failedSequences;
            succeeded();
            return new Bootstrap(sequences + " communication sequences failed");
        }
        if (retry.noFurtherSequences()) {
            return new GiveUp();
        }
        return new Wait(backoff.afterSequence(retry.sequenceWait(), first), true);
    }
}
