package org.streetnode.agent.store;

import java.time.Instant;
import java.util.List;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/** Readings for tests. */
public final class Readings {
    private Readings() {}

    public static Reading temperature(double value, Instant at) {
        return new Reading("bme280", Quantity.TEMPERATURE, value, at, true);
    }

    public static Reading unsynchronised(double value, Instant at) {
        return new Reading("bme280", Quantity.TEMPERATURE, value, at, false);
    }

    public static Reading of(String sensor, Quantity q, double value, Instant at) {
        return new Reading(sensor, q, value, at, true);
    }

    /** The records, which a test knows to be readings only, as readings. */
    public static List<StoredReading> readings(List<? extends StoredRecord> records) {
        return records.stream().map(r -> (StoredReading) r).toList();
    }
}
