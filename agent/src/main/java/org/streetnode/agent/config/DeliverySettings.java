package org.streetnode.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the delivery engine, the {@code [delivery]} table of {@code streetnode.toml}.
 *
 * @param maxBatchReadings readings in one Send at most
 * @param replayReadingsPerSecond backlog readings sent per second at most; 0 for no limit
 * @param replayBytesPerSecond backlog Send payload bytes (SenML-CBOR, as encoded) per second at
 *     most; 0 for no limit
 * @param maxReplayStartDelay replay of a backlog starts after a random delay up to this, once the
 *     uplink is up, so that a city-wide outage does not end in a reconnect storm
 * @param initialBackoff the wait after the first failed Send; doubled per failure, with jitter
 * @param maxBackoff the longest wait between failed Sends
 * @param sendTimeout a Send with no outcome after this counts as failed
 */
public record DeliverySettings(
        int maxBatchReadings,
        double replayReadingsPerSecond,
        long replayBytesPerSecond,
        Duration maxReplayStartDelay,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration sendTimeout) {
    public DeliverySettings {
        Objects.requireNonNull(maxReplayStartDelay, "maxReplayStartDelay");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (maxBatchReadings < 1) {
            throw new IllegalArgumentException("max_batch_readings must be at least 1: " + maxBatchReadings);
        }
        if (replayReadingsPerSecond < 0 || replayBytesPerSecond < 0) {
            throw new IllegalArgumentException("replay rates must not be negative");
        }
        if (maxReplayStartDelay.isNegative()) {
            throw new IllegalArgumentException("max_replay_start_delay must not be negative");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < initial_backoff <= max_backoff");
        }
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("send_timeout must be positive");
        }
    }

    /**
     * The shipped defaults: 320 readings a Send (about 4 KB: delivery's WireSize), replay at 50
     * readings/s and 1 KiB/s (a 7-day backlog of the default sensor set drains in about 40
     * minutes), a random start within 5 minutes, backoff from 5 s to 10 minutes, 2 minute Send
     * timeout.
     */
    public static DeliverySettings defaults() {
        return new DeliverySettings(320, 50, 1024, Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofMinutes(2));
    }

    /** No rate limit and no start delay: for draining as fast as possible (benchmarks, lab). */
    public DeliverySettings unlimited() {
        return new DeliverySettings(maxBatchReadings, 0, 0, Duration.ZERO, initialBackoff, maxBackoff, sendTimeout);
    }
}
