package org.streetnode.agent.store;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Measures how far the wall clock jumped since the store opened, against the monotonic clock.
 * Wall-minus-monotonic is constant while the wall clock runs free; when NTP steps the clock it
 * changes by exactly the step, which is what unsynchronised timestamps taken before the step are
 * off by. Assumes one step between opening and synchronisation (what a Pi without RTC does).
 */
final class ClockOffset {
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long baselineNanos;

    ClockOffset(Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.baselineNanos = offsetNanos();
    }

    /** How far the wall clock moved, relative to the monotonic clock, since construction. */
    long jumpMillis() {
        return Math.floorDiv(offsetNanos() - baselineNanos, 1_000_000L);
    }

    private long offsetNanos() {
        Instant now = clock.instant();
        long wallNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        return wallNanos - nanoTime.getAsLong();
    }
}
