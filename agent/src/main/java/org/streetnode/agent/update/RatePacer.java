package org.streetnode.agent.update;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Holds a download to a byte rate: after each block it waits until the bytes received since the
 * pacer began have taken at least as long as the rate allows. A resumed download gets a new pacer,
 * so it does not wait for the bytes it already had.
 */
final class RatePacer {
    /** How a pacer waits; Thread::sleep but in tests. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long startNanos = -1;
    private long bytes;

    RatePacer(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    void paced(long n) throws InterruptedException {
        if (startNanos < 0) {
            startNanos = nanoTime.getAsLong();
        }
        bytes += n;
        long due = startNanos + Math.round(bytes * 1e9 / bytesPerSecond);
        long wait = due - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }
}
