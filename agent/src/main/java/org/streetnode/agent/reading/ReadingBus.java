package org.streetnode.agent.reading;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.streetnode.drivers.Quantity;
import org.tinylog.Logger;

/**
 * Where readings go after sampling: to every subscriber (buffer, LwM2M objects, lighting), in
 * the order published, and into a table of the latest value per sensor and quantity.
 *
 * <p>Subscribers run on the publishing (sampler) thread and must be quick and never block: a
 * slow subscriber would delay sampling. One that throws is logged and skipped; the others still
 * get the reading.
 */
public final class ReadingBus {
    private final List<Consumer<Reading>> subscribers = new CopyOnWriteArrayList<>();
    private final Map<Key, Reading> latest = new ConcurrentHashMap<>();

    private record Key(String sensorId, Quantity quantity) {
    }

    public void subscribe(Consumer<Reading> subscriber) {
        subscribers.add(subscriber);
    }

    public void publish(Reading reading) {
        latest.put(new Key(reading.sensorId(), reading.quantity()), reading);
        for (Consumer<Reading> s : subscribers) {
            try {
                s.accept(reading);
            } catch (RuntimeException e) {
                Logger.error(e, "readings: subscriber failed on {} {}", reading.sensorId(), reading.quantity());
            }
        }
    }

    public Optional<Reading> latest(String sensorId, Quantity quantity) {
        return Optional.ofNullable(latest.get(new Key(sensorId, quantity)));
    }

    /** The latest reading of every sensor and quantity seen so far. */
    public Collection<Reading> latest() {
        return List.copyOf(latest.values());
    }
}
