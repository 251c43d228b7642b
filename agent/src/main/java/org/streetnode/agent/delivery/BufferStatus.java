package org.streetnode.agent.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.streetnode.agent.store.DropReason;
import org.streetnode.agent.store.StoreMetrics;

/**
 * The buffer at a glance, for the shell ({@code buffer}) and scripts ({@code --json}).
 *
 * @param depth readings kept and not yet acknowledged by the platform
 * @param pendingInMemory readings waiting for their group commit (or for a writable disk)
 * @param oldestReading the oldest reading kept
 * @param bytesOnDisk what the buffer takes on disk
 * @param dropped readings dropped since the buffer was created, by reason (quota, age, memory)
 * @param alarm the buffer's alarm, if any (quarantined, disk full, read-only, I/O)
 */
public record BufferStatus(long epoch, long lastSeq, long depth, int pendingInMemory, Optional<Instant> oldestReading,
        long bytesOnDisk, Map<String, Long> dropped, long rejectedReadings, int quarantinedStores,
        Optional<String> alarm, String delivery, Optional<Instant> lastDelivery, double drainRatePerSecond,
        long deliveredReadings, long quarantinedBatches, long failedSends, long notStored) {

    static BufferStatus of(StoreMetrics s, DeliveryMetrics d) {
        Map<String, Long> dropped = new java.util.LinkedHashMap<>();
        for (DropReason r : DropReason.values()) {
            dropped.put(r.name().toLowerCase(), s.dropped().total(r));
        }
        return new BufferStatus(s.epoch(), s.lastSeq(), s.depth(), s.pendingInMemory(), s.oldestReading(),
                s.bytesOnDisk(), dropped, s.rejectedReadings(), s.quarantinedStores(),
                s.alarm().map(a -> a.reason().name().toLowerCase().replace('_', '-') + ": " + a.detail()),
                d.state().name().toLowerCase().replace('_', '-'), d.lastDelivery(), d.drainRatePerSecond(),
                d.deliveredReadings(), d.quarantinedBatches(), d.failedSends(), d.notStored());
    }
}
