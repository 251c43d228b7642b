package org.streetnode.agent.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the shell and the Device object show about the store.
 *
 * @param epoch the current epoch: changes whenever a fresh store replaced the file
 * @param lastSeq the last sequence number committed in this epoch (0 if none)
 * @param depth readings committed and not yet acknowledged or dropped
 * @param pendingInMemory readings appended and not yet committed (open window plus, while the
 *     store cannot be written, the memory queue)
 * @param oldestReading timestamp of the oldest (lowest seq) committed reading
 * @param bytesOnDisk the store file, its WAL and shared-memory file
 * @param dropped readings dropped since the store file was created, by reason and priority
 * @param rejectedReadings readings held in the rejected table (batches the server refused)
 * @param quarantinedStores store file sets quarantined since the agent started
 * @param alarm the current alarm, if any
 */
public record StoreMetrics(
        long epoch,
        long lastSeq,
        long depth,
        int pendingInMemory,
        Optional<Instant> oldestReading,
        long bytesOnDisk,
        DropCounts dropped,
        long rejectedReadings,
        int quarantinedStores,
        Optional<StoreAlarm> alarm) {
    public StoreMetrics {
        Objects.requireNonNull(oldestReading, "oldestReading");
        Objects.requireNonNull(dropped, "dropped");
        Objects.requireNonNull(alarm, "alarm");
    }
}
