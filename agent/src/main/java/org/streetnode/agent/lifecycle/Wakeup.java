package org.streetnode.agent.lifecycle;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sleep of a loop that others may cut short: {@link #await} returns after at most the time
 * given, or at once when {@link #request()} was called since the last await. Built on a lock and
 * a condition rather than a monitor: a virtual thread ({@link AgentThreads#shared}) waiting here
 * gives its carrier back on every JDK, where {@code Object.wait} holds it on JDK 21.
 */
public final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition requested = lock.newCondition();
    private boolean pending;

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
            while (!pending && nanos > 0) {
                nanos = requested.awaitNanos(nanos);
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
}
