package org.streetnode.agent.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A clock that runs {@code speed} times faster than real time from a chosen start: simulated
 * instant = start + speed × real time elapsed since the clock was made. Real time comes from a
 * monotonic source ({@link System#nanoTime()}), so the simulated time never jumps with the
 * system clock. The demo runs the node on it to show a night in minutes. Thread-safe; each
 * instance has its own timeline, so agents in one JVM can run at different speeds.
 */
public final class ScaledClock extends Clock {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Instant start;
    private final long speed;
    private final LongSupplier nanos;
    private final long origin;
    private final ZoneId zone;

    private ScaledClock(Instant start, long speed, LongSupplier nanos, long origin, ZoneId zone) {
        this.start = start;
        this.speed = speed;
        this.nanos = nanos;
        this.origin = origin;
        this.zone = zone;
    }

    /** Starts now, at {@code start}, on the JVM's monotonic clock. */
    public static ScaledClock startingAt(Instant start, long speed) {
        return startingAt(start, speed, System::nanoTime);
    }

    /** @param nanos a monotonic nanosecond source (tests give their own) */
    public static ScaledClock startingAt(Instant start, long speed, LongSupplier nanos) {
        Objects.requireNonNull(start, "start");
        if (speed < 1) {
            throw new IllegalArgumentException("speed must be 1 or more, not " + speed);
        }
        return new ScaledClock(start, speed, nanos, nanos.getAsLong(), ZoneOffset.UTC);
    }

    @Override
    public Instant instant() {
        long elapsed = nanos.getAsLong() - origin;
        // seconds and nanoseconds apart, so that a long run at a high speed cannot overflow
        return start.plusSeconds(elapsed / NANOS_PER_SECOND * speed).plusNanos(elapsed % NANOS_PER_SECOND * speed);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * How long {@code clock} takes, in real time, to move on by {@code span}: {@code span} over
     * the speed on a scaled clock, {@code span} itself on any other. A loop that sleeps until an
     * instant of its clock sleeps this long.
     */
    public static Duration realTime(Clock clock, Duration span) {
        return clock instanceof ScaledClock scaled ? span.dividedBy(scaled.speed) : span;
    }

    /** The same timeline seen in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new ScaledClock(start, speed, nanos, origin, zone);
    }

    @Override
    public String toString() {
        return "ScaledClock[" + speed + "x from " + start + "]";
    }
}
