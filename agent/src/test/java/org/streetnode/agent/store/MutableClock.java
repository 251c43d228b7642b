package org.streetnode.agent.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A test clock with a wall clock and the boot's monotonic clock. {@link #advance} moves both
 * (time passes); {@link #step} moves only the wall clock (NTP setting the time); {@link #reboot}
 * starts a new boot, whose clock starts again near zero.
 */
public final class MutableClock extends Clock implements BootClock {
    private volatile Instant wall;
    private volatile long nanos = 1_000_000_000L;
    private volatile int boot = 1;

    public MutableClock(Instant start) {
        this.wall = start;
    }

    public static MutableClock at(String instant) {
        return new MutableClock(Instant.parse(instant));
    }

    public synchronized void advance(Duration d) {
        wall = wall.plus(d);
        nanos += d.toNanos();
    }

    public synchronized void step(Duration d) {
        wall = wall.plus(d);
    }

    /** A new boot: the wall clock goes on as it was, the boot's clock starts again. */
    public synchronized void reboot(Duration downFor, Duration bootedFor) {
        wall = wall.plus(downFor).plus(bootedFor);
        nanos = bootedFor.toNanos();
        boot++;
    }

    public long nanoTime() {
        return nanos;
    }

    @Override
    public String bootId() {
        return "test-boot-" + boot;
    }

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return wall;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
