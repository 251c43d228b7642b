package org.streetnode.agent.reading;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.streetnode.drivers.Quantity;

/**
 * The lowest and highest value of every sensor and quantity since the agent started or since
 * someone reset them (the platform through IPSO resource 5605, a crew through the shell), and
 * the baseline a counter is reported from after a reset (IPSO 5505). One truth for LwM2M and the
 * shell; it keeps nothing on disk: min and max are "since power on or reset", as IPSO defines them.
 */
public final class ReadingStatistics {
    private final ReadingBus bus;
    private final Clock clock;
    private final Map<Key, Extremes> extremes = new ConcurrentHashMap<>();
    private final Map<Key, Double> counterBaselines = new ConcurrentHashMap<>();

    private record Key(String sensorId, Quantity quantity) {
    }

    /**
     * @param min the lowest value seen
     * @param max the highest value seen
     * @param since when tracking started (agent start or the last reset)
     */
    public record Extremes(double min, double max, Instant since) {
        Extremes with(double value) {
            return value >= min && value <= max ? this : new Extremes(Math.min(min, value), Math.max(max, value), since);
        }
    }

    public ReadingStatistics(ReadingBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
        bus.subscribe(this::accept);
    }

    private void accept(Reading r) {
        extremes.compute(new Key(r.sensorId(), r.quantity()),
                (k, e) -> e == null ? new Extremes(r.value(), r.value(), clock.instant()) : e.with(r.value()));
    }

    /** Min and max of a sensor's quantity; empty until its first reading. */
    public Optional<Extremes> extremes(String sensorId, Quantity quantity) {
        return Optional.ofNullable(extremes.get(new Key(sensorId, quantity)));
    }

    /** Resets min and max to the current value (or forgets them when there is none yet). */
    public void resetExtremes(String sensorId, Quantity quantity) {
        Key key = new Key(sensorId, quantity);
        Optional<Reading> latest = bus.latest(sensorId, quantity);
        if (latest.isPresent()) {
            double v = latest.get().value();
            extremes.put(key, new Extremes(v, v, clock.instant()));
        } else {
            extremes.remove(key);
        }
    }

    /**
     * A counting quantity (presence events counted by the driver since it started) as counted
     * since the last reset; empty until its first reading.
     */
    public Optional<Long> count(String sensorId, Quantity quantity) {
        Key key = new Key(sensorId, quantity);
        return bus.latest(sensorId, quantity).map(r -> {
            double base = counterBaselines.getOrDefault(key, 0.0);
            if (r.value() < base) {
                // the driver restarted and counts from zero again: so does the reset count
                counterBaselines.remove(key, base);
                return Math.round(r.value());
            }
            return Math.round(r.value() - base);
        });
    }

    /** Starts counting from zero again: the current raw count becomes the baseline. */
    public void resetCount(String sensorId, Quantity quantity) {
        counterBaselines.put(new Key(sensorId, quantity),
                bus.latest(sensorId, quantity).map(Reading::value).orElse(0.0));
    }
}
