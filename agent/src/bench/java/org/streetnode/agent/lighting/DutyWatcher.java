package org.streetnode.agent.lighting;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;

/**
 * Notes the moment the emulated PWM output reaches an expected duty: one thread spins on the
 * duty; the measuring thread parks (two spinners would starve the lamp's thread on 2 cores).
 */
public final class DutyWatcher implements AutoCloseable {
    private final AtomicLong changedAt = new AtomicLong();
    private final AtomicReference<Double> expected = new AtomicReference<>(Double.NaN);
    private final Thread thread;

    public DutyWatcher(EmulatedPwmOutput pwm) {
        thread = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                double want = expected.get();
                if (!Double.isNaN(want) && Math.abs(pwm.dutyCycle() - want) <= 0.05) {
                    changedAt.compareAndSet(0, System.nanoTime());
                }
                Thread.onSpinWait();
            }
        });
    }

    /** Watches for {@code duty} from now on. */
    public void expect(double duty) {
        changedAt.set(0);
        expected.set(duty);
    }

    /** Waits until the duty was reached; returns when (System.nanoTime()). */
    public long awaitChange() {
        while (changedAt.get() == 0) {
            LockSupport.parkNanos(20_000);
        }
        expected.set(Double.NaN);
        return changedAt.get();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
