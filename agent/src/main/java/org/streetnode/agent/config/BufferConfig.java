package org.streetnode.agent.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code [store]} and {@code [delivery]}: the local buffer and how it is replayed to the platform.
 * Defaults and their reasons are in {@link StoreSettings#defaults} and {@link DeliverySettings#defaults}.
 *
 * @param maxSendBytes the largest payload of one LwM2M Send; a batch is split into Sends that fit
 */
public record BufferConfig(StoreSettings store, DeliverySettings delivery, int maxSendBytes) {

    static BufferConfig read(ConfigTable store, ConfigTable delivery, Path dataDir) {
        StoreSettings s = StoreSettings.defaults(dataDir.resolve("store"));
        int window = store.integer("max_window_readings", s.maxWindowReadings(), 1, 1_000_000);
        int memory = store.integer("memory_queue_capacity", s.memoryQueueCapacity(), 1, 10_000_000);
        if (memory < window) {
            store.problem("memory_queue_capacity", "must be at least max_window_readings (" + window + ")");
            memory = window;
        }
        StoreSettings storeSettings = new StoreSettings(
                store.path("directory", s.directory()),
                store.duration("commit_window", s.commitWindow(), Duration.ofMillis(100), Duration.ofMinutes(10)),
                window,
                store.byteSize("quota", s.quotaBytes(), StoreSettings.MIN_QUOTA_BYTES, 1L << 40),
                store.duration("max_age", s.maxAge(), Duration.ofHours(1), Duration.ofDays(3650)),
                memory,
                store.duration("retry_interval", s.retryInterval(), Duration.ofSeconds(1), Duration.ofHours(1)),
                store.integer("quarantine_keep", s.quarantineKeep(), 1, 100),
                store.integer("max_rejected_readings", s.maxRejectedReadings(), 0, 1_000_000));

        DeliverySettings d = DeliverySettings.defaults();
        Duration initial = delivery.duration("initial_backoff", d.initialBackoff(), Duration.ofMillis(100), Duration.ofHours(1));
        Duration max = delivery.duration("max_backoff", d.maxBackoff(), Duration.ofMillis(100), Duration.ofDays(1));
        if (max.compareTo(initial) < 0) {
            delivery.problem("max_backoff", "must not be shorter than initial_backoff");
            max = initial;
        }
        DeliverySettings deliverySettings = new DeliverySettings(
                delivery.integer("max_batch_readings", d.maxBatchReadings(), 1, 10_000),
                delivery.decimal("replay_readings_per_second", d.replayReadingsPerSecond(), 0, 1_000_000),
                delivery.byteSize("replay_bytes_per_second", d.replayBytesPerSecond(), 0, 1L << 30),
                delivery.duration("max_replay_start_delay", d.maxReplayStartDelay(), Duration.ZERO, Duration.ofDays(1)),
                initial,
                max,
                delivery.duration("send_timeout", d.sendTimeout(), Duration.ofSeconds(1), Duration.ofHours(1)));
        // Leshan caps a request body at 8 KB; 4 KB is four CoAP blocks of 1 KB and fits any server.
        int maxSendBytes = (int) delivery.byteSize("max_send_bytes", 4096, 512, 1L << 20);
        return new BufferConfig(storeSettings, deliverySettings, maxSendBytes);
    }
}
