package org.streetnode.agent.lifecycle;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The sleep of a loop that others may cut short: {@link #await} returns after at most the time
 * given, or at once when {@link #request()} was called since the last await. Built on a lock and
 * a condition rather than a monitor: a virtual thread ({@link AgentThreads#shared}) waiting here
 * gives its carrier back on every JDK, where {@code Object.wait} holds it on JDK 21.
 *
 * <p>It also keeps how long the loop has waited here ({@link #progress}), so that a loop asleep
 * until its next due step, however far off, shows it is alive without waking to say so.
 */
public final class Wakeup {
    /** A loop's progress moves by one for each of these it spends waiting (see {@link #progress}). */
    public static final Duration WAIT_UNIT = Duration.ofMillis(100);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition requested = lock.newCondition();
    private final LongSupplier nanoTime;
    private boolean pending;
    /** Nanoseconds spent in finished awaits. */
    private long waitedNanos;
    /** When the await in progress began ({@link #nanoTime}); meaningful while {@link #waiting}. */
    private long waitingSince;
    private boolean waiting;

    public Wakeup() {
        this(System::nanoTime);
    }

    /** @param nanoTime the monotonic time the waits are counted in (a test's own) */
    public Wakeup(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Wakes the loop now, or makes its next await return at once. */
    public void request() {
        lock.lock();
        try {
            pending = true;
            requested.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps until a request or until {@code max} has passed, whichever comes first, and clears the request. */
    public void await(Duration max) throws InterruptedException {
        lock.lock();
        try {
            long nanos = max.toNanos();
            waiting = true;
            waitingSince = nanoTime.getAsLong();
            try {
                while (!pending && nanos > 0) {
                    nanos = requested.awaitNanos(nanos);
                }
            } finally {
                waiting = false;
                waitedNanos += nanoTime.getAsLong() - waitingSince;
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #await(Duration)} in milliseconds. */
    public void await(long millis) throws InterruptedException {
        await(Duration.ofMillis(millis));
    }

    /**
     * A loop's liveness as the watchdog judges it: {@code rounds} (the loop's completed rounds)
     * plus one for each {@link #WAIT_UNIT} the loop has waited here, the wait in progress
     * included. It moves while the loop steps and while it sleeps towards its next step, and
     * stands still only while a round does not end (a hung driver call) or the thread is gone.
     * Reading it never wakes the loop.
     */
    public long progress(long rounds) {
        lock.lock();
        try {
            long nanos = waitedNanos + (waiting ? nanoTime.getAsLong() - waitingSince : 0);
            return rounds + nanos / WAIT_UNIT.toNanos();
        } finally {
            lock.unlock();
        }
    }
}
