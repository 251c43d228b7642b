package org.streetnode.agent.lwm2m.object;

import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.drivers.Quantity;

/**
 * One configured sensor as the sensor objects see it: its latest readings on the
 * {@link ReadingBus} and its statistics. Holds nothing of its own.
 *
 * @param sensorId the sensor's id from the board profile
 * @param driver the driver's config word ("bme280"), for people
 */
public record SensorSource(String sensorId, String driver, ReadingBus bus, ReadingStatistics statistics) {

    public Optional<Reading> latest(Quantity quantity) {
        return bus.latest(sensorId, quantity);
    }

    /** Calls {@code listener} (on the sampler's thread) for each new reading of one of {@code quantities}. */
    public void onReading(Set<Quantity> quantities, Consumer<Reading> listener) {
        bus.subscribe(r -> {
            if (r.sensorId().equals(sensorId) && quantities.contains(r.quantity())) {
                listener.accept(r);
            }
        });
    }

    /** The latest value of a quantity as a float resource; 4.04 before the sensor's first reading. */
    ReadResponse value(int resourceId, Quantity quantity) {
        return latest(quantity).map(r -> ReadResponse.success(resourceId, r.value()))
                .orElseGet(() -> ReadResponse.notFound());
    }

    /** When the latest of {@code quantities} was measured, as a time resource. */
    ReadResponse timestamp(int resourceId, Quantity... quantities) {
        Optional<Reading> newest = Optional.empty();
        for (Quantity q : quantities) {
            Optional<Reading> r = latest(q);
            if (r.isPresent() && (newest.isEmpty() || r.get().timestamp().isAfter(newest.get().timestamp()))) {
                newest = r;
            }
        }
        return newest.map(r -> ReadResponse.success(resourceId, Date.from(r.timestamp())))
                .orElseGet(() -> ReadResponse.notFound());
    }
}
