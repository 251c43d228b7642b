package org.streetnode.drivers.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import org.streetnode.drivers.port.Delay;

/**
 * A clock that moves only when told: for tests, benchmarks and fast-forwarded simulations.
 * {@link #delay()} turns every driver's wait into an advance of this clock, so nothing sleeps.
 * Thread-safe.
 */
public final class ManualClock extends Clock {

    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not run backwards: " + duration);
        }
        now = now.plus(duration);
    }

    public synchronized void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("time does not run backwards: " + instant + " < " + now);
        }
        now = instant;
    }

    /** A delay that advances this clock instead of sleeping. */
    public Delay delay() {
        return this::advance;
    }
}
