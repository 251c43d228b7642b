package org.streetnode.agent.store;

import java.time.Instant;
import java.util.Objects;
import org.streetnode.drivers.Quantity;

/**
 * A reading as committed to the store. Together with the store's epoch its {@code seq}
 * identifies it to the platform: (epoch, seq) is never given to two different records.
 *
 * @param seq its sequence number within the store's epoch, from 1, without gaps at commit
 * @param priority what it is dropped after when the store is full
 * @param sensorId the sensor's id from the board profile
 * @param quantity what was measured
 * @param value the value in the quantity's unit
 * @param timestamp when it was taken (corrected, if it was taken before clock synchronisation and
 *     the clock synchronised in the same boot)
 * @param timeQuality how far the timestamp can be trusted
 */
public record StoredReading(
        long seq,
        Priority priority,
        String sensorId,
        Quantity quantity,
        double value,
        Instant timestamp,
        TimeQuality timeQuality) implements StoredRecord {
    public StoredReading {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timeQuality, "timeQuality");
    }
}
