package org.streetnode.agent.update;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Holds a download to a byte rate, a token bucket of one second: after each block it waits until
 * the block's bytes are due at the rate. A quiet spell lends at most one second of bytes to the
 * blocks after it, so the link never sees more than a second's worth in a burst.
 */
final class RatePacer {
    private static final long BURST_NANOS = 1_000_000_000L;

    private final double nanosPerByte;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextFree;

    RatePacer(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.nextFree = nanoTime.getAsLong();
    }

    void paced(long bytes) throws InterruptedException {
        long now = nanoTime.getAsLong();
        nextFree = Math.max(nextFree, now - BURST_NANOS) + Math.round(bytes * nanosPerByte);
        if (nextFree > now) {
            sleeper.sleep(Duration.ofNanos(nextFree - now));
        }
    }
}
