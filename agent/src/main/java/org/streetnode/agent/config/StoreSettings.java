package org.streetnode.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the local store, the {@code [store]} table of {@code streetnode.toml}.
 *
 * @param directory where the store file, its epoch file and the quarantine folder live
 * @param commitWindow how long readings wait in memory before their group commit; a power cut
 *     loses at most this much. Commits happen only for windows that hold something, so at the
 *     default sensor set (12 readings a minute) any window under a minute costs the same wear
 * @param maxWindowReadings a window this full is committed at once, whatever its age
 * @param quotaBytes the most the store may take on disk, file, WAL and shared memory included
 * @param maxAge readings older than this are dropped (checked once the clock is synchronised)
 * @param memoryQueueCapacity how many readings are held in memory while the store cannot be
 *     written; beyond it the lowest-priority oldest are dropped and counted
 * @param retryInterval how long to wait before trying an unwritable or unopenable store again
 * @param quarantineKeep how many quarantined file sets to keep; older ones are deleted
 * @param maxRejectedReadings how many readings of batches the server rejected as malformed are
 *     kept for inspection; older ones are deleted
 */
public record StoreSettings(
        Path directory,
        Duration commitWindow,
        int maxWindowReadings,
        long quotaBytes,
        Duration maxAge,
        int memoryQueueCapacity,
        Duration retryInterval,
        int quarantineKeep,
        int maxRejectedReadings) {

    /** Below this the WAL and one page of each table would not fit. */
    public static final long MIN_QUOTA_BYTES = 256 * 1024;

    public StoreSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(commitWindow, "commitWindow");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(retryInterval, "retryInterval");
        requirePositive("commit_window", commitWindow);
        requirePositive("max_age", maxAge);
        requirePositive("retry_interval", retryInterval);
        if (maxWindowReadings < 1) {
            throw new IllegalArgumentException("max_window_readings must be at least 1: " + maxWindowReadings);
        }
        if (quotaBytes < MIN_QUOTA_BYTES) {
            throw new IllegalArgumentException("quota_bytes must be at least " + MIN_QUOTA_BYTES + ": " + quotaBytes);
        }
        if (memoryQueueCapacity < maxWindowReadings) {
            throw new IllegalArgumentException("memory_queue_capacity (" + memoryQueueCapacity
                    + ") must be at least max_window_readings (" + maxWindowReadings + ")");
        }
        if (quarantineKeep < 1) {
            throw new IllegalArgumentException("quarantine_keep must be at least 1: " + quarantineKeep);
        }
        if (maxRejectedReadings < 0) {
            throw new IllegalArgumentException("max_rejected_readings must not be negative: " + maxRejectedReadings);
        }
    }

    /**
     * The shipped defaults: a 60 s window (a power cut loses at most a minute of readings, for one
     * commit and one Send a minute on the raspberry-pi profile, whose light, lamp power and presence
     * come every 10 s; the bytes written a day are in BENCHMARKS.md), 32 MiB (for the default sensor set the 30-day age
     * limit binds first).
     */
    public static StoreSettings defaults(Path directory) {
        return new StoreSettings(
                directory,
                Duration.ofSeconds(60),
                5_000,
                32L * 1024 * 1024,
                Duration.ofDays(30),
                20_000,
                Duration.ofSeconds(60),
                5,
                2_000);
    }

    public StoreSettings withCommitWindow(Duration window) {
        return new StoreSettings(directory, window, maxWindowReadings, quotaBytes, maxAge, memoryQueueCapacity,
                retryInterval, quarantineKeep, maxRejectedReadings);
    }

    public StoreSettings withQuotaBytes(long quota) {
        return new StoreSettings(directory, commitWindow, maxWindowReadings, quota, maxAge, memoryQueueCapacity,
                retryInterval, quarantineKeep, maxRejectedReadings);
    }

    public StoreSettings withMaxAge(Duration age) {
        return new StoreSettings(directory, commitWindow, maxWindowReadings, quotaBytes, age, memoryQueueCapacity,
                retryInterval, quarantineKeep, maxRejectedReadings);
    }

    public StoreSettings withMemoryQueue(int maxWindow, int capacity) {
        return new StoreSettings(directory, commitWindow, maxWindow, quotaBytes, maxAge, capacity,
                retryInterval, quarantineKeep, maxRejectedReadings);
    }

    /**
     * The WAL's share of the quota: the WAL is checkpointed and truncated whenever it grows past
     * it. A quarter of the quota for small quotas, at most 1 MiB: enough for minutes of commits
     * between checkpoints (each checkpoint rewrites the changed pages into the file).
     */
    public long walLimitBytes() {
        return Math.min(1024 * 1024, quotaBytes / 4);
    }

    /** What the database file itself may take: the quota less the WAL and shared-memory files. */
    public long databaseBudgetBytes() {
        return quotaBytes - walLimitBytes() - SHARED_MEMORY_BYTES;
    }

    /** The WAL index (-shm) is one 32 KiB region for any WAL under about 4,000 frames. */
    private static final long SHARED_MEMORY_BYTES = 32 * 1024;

    private static void requirePositive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive: " + d);
        }
    }
}
