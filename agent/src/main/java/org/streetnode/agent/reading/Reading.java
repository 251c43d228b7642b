package org.streetnode.agent.reading;

import java.time.Instant;
import java.util.Objects;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;

/**
 * A measurement taken by one configured sensor at one moment: what flows from sampling to
 * the buffer, the LwM2M objects and lighting.
 *
 * @param sensorId the sensor's id from the board profile
 * @param quantity what was measured; its unit is {@link Quantity#unit()}
 * @param value the value, in that unit, held in single precision: a 24-bit significand is finer
 *     than any sensor here resolves (their converters give at most 20 bits), and it is what the
 *     node reports, in a Send as in a Read, so both say exactly the same
 * @param timestamp when it was measured, by the agent's clock
 * @param clockSynchronised whether the wall clock was synchronised (NTP) when it was taken;
 *     a Pi has no RTC, so before synchronisation the timestamp may be far off
 */
public record Reading(String sensorId, Quantity quantity, double value, Instant timestamp, boolean clockSynchronised) {
    public Reading {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(timestamp, "timestamp");
        if (!Double.isFinite(value) || !Float.isFinite((float) value)) {
            throw new IllegalArgumentException(sensorId + " " + quantity + " value is not a finite single-precision"
                    + " number: " + value);
        }
        value = (float) value;
    }

    public static Reading of(String sensorId, Measurement m, Instant timestamp, boolean clockSynchronised) {
        return new Reading(sensorId, m.quantity(), m.value(), timestamp, clockSynchronised);
    }

    public String unit() {
        return quantity.unit();
    }
}
