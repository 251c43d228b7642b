package org.streetnode.agent.store;

/**
 * The boot's monotonic clock. Where a reading stands on it says, once the wall clock is
 * synchronised, when the reading was really taken, whatever the wall clock said then: it runs
 * from boot on, through agent restarts, unmoved by steps of the wall clock, and starts again at
 * the next boot, which has a new id.
 */
public interface BootClock {
    /** This boot's identity; no two boots share it. */
    String bootId();

    /** Nanoseconds since boot. */
    long nanos();

    /**
     * Linux: the boot id from {@code /proc/sys/kernel/random/boot_id}, and CLOCK_BOOTTIME, read
     * as the JVM's monotonic clock ({@code System.nanoTime}, CLOCK_MONOTONIC) set once against
     * {@code /proc/uptime} (CLOCK_BOOTTIME, to 10 ms): the two differ only by time suspended, and
     * a node does not suspend. Where {@code /proc} cannot be read, the boot id is made up for
     * this run: readings of an earlier run then count as of another boot.
     */
    static BootClock system() {
        return SystemBootClock.create();
    }
}
