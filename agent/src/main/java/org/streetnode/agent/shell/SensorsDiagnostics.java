package org.streetnode.agent.shell;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.sampling.SensorHealth;
import org.streetnode.agent.sampling.SensorStatus;
import org.streetnode.drivers.Quantity;

/**
 * {@code sensors}: sampling's view of each sensor (health, last error, schedule) joined with its
 * latest values from the reading bus.
 */
public final class SensorsDiagnostics implements DiagnosticsSource<List<SensorsDiagnostics.SensorView>> {
    private final Supplier<List<SensorStatus>> statuses;
    private final ReadingBus readings;
    private final Clock clock;

    public SensorsDiagnostics(Supplier<List<SensorStatus>> statuses, ReadingBus readings, Clock clock) {
        this.statuses = statuses;
        this.readings = readings;
        this.clock = clock;
    }

    /**
     * @param ageSeconds how long ago the sensor last gave good readings
     * @param values its latest value of each quantity it measures
     */
    public record SensorView(String id, String model, SensorHealth health, List<Value> values, Optional<Long> ageSeconds,
            Optional<String> lastError, Optional<Instant> lastErrorAt, int consecutiveFailures, Optional<Instant> nextAttempt,
            long periodSeconds) {
    }

    public record Value(Quantity quantity, double value, String unit, Instant at) {
    }

    @Override
    public List<SensorView> snapshot() {
        Instant now = clock.instant();
        List<Reading> latest = List.copyOf(readings.latest());
        return statuses.get().stream().map(s -> new SensorView(s.id(), s.model(), s.health(),
                latest.stream().filter(r -> r.sensorId().equals(s.id())).sorted(Comparator.comparing(Reading::quantity))
                        .map(r -> new Value(r.quantity(), r.value(), r.unit(), r.timestamp())).toList(),
                s.lastReadingAt().map(t -> Math.max(0, Duration.between(t, now).toSeconds())), s.lastError(), s.lastErrorAt(),
                s.consecutiveFailures(), s.nextAttempt(), s.period().toSeconds())).toList();
    }
}
