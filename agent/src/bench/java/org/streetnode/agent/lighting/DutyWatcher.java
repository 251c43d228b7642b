package org.streetnode.agent.lighting;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;

/**
 * Notes the moment the emulated PWM output reaches an expected duty: one thread spins on the
 * duty; the measuring thread parks (two spinners would starve the lamp's thread on 2 cores).
 * Each expectation keeps its own moment, so a spinner that read the previous expectation just
 * before it was replaced (and sees the duty still at the previous level) cannot stamp the new one
 * with a time before its change began.
 */
public final class DutyWatcher implements AutoCloseable {
    private record Target(double duty, AtomicLong reachedAt) {
    }

    private final AtomicReference<Target> target = new AtomicReference<>();
    private final Thread thread;

    public DutyWatcher(EmulatedPwmOutput pwm) {
        thread = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Target t = target.get();
                if (t != null && Math.abs(pwm.dutyCycle() - t.duty()) <= 0.05) {
                    t.reachedAt().compareAndSet(0, System.nanoTime());
                }
                Thread.onSpinWait();
            }
        });
    }

    /** Watches for {@code duty} from now on. */
    public void expect(double duty) {
        target.set(new Target(duty, new AtomicLong()));
    }

    /** Waits until the duty was reached; returns when (System.nanoTime()). */
    public long awaitChange() {
        Target t = target.get();
        while (t.reachedAt().get() == 0) {
            LockSupport.parkNanos(20_000);
        }
        target.compareAndSet(t, null);
        return t.reachedAt().get();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
