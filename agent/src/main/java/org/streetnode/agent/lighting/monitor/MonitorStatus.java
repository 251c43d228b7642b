package org.streetnode.agent.lighting.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the lamp monitor knows: the last meter reading, the counters, the failures in force.
 * What LwM2M 3416 (failures, hours, switch counter), 3418 (V, A, W, PF, kWh) and 3311 (on time,
 * cumulative power) show, and the shell's {@code lamp} view.
 *
 * @param metered whether a meter (INA219) watches the lamp supply; without one there are no
 *     electrical figures, no energy and no failure detection, but hours and switches still count
 * @param latest the last complete meter reading
 * @param counters energy, hours, switches
 * @param failures the failures in force
 * @param fullPowerWatts the draw at 100 %: configured, else learnt from the meter once the lamp ran at 100 %
 * @param lastNight the latest night the lamp was lit and is over: tonight's once the lamp has gone off
 *     (it grows by the lamp's standby draw until noon), else the night before
 * @param countersSavedAt when the counters were last written to the data directory
 */
public record MonitorStatus(boolean metered, Optional<Electrical> latest, Counters counters, Set<LampFailure> failures,
        Optional<Double> fullPowerWatts, Optional<NightEnergy> lastNight, Optional<Instant> countersSavedAt) {

    public MonitorStatus {
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(counters, "counters");
        failures = Set.copyOf(failures);
        Objects.requireNonNull(fullPowerWatts, "fullPowerWatts");
        Objects.requireNonNull(lastNight, "lastNight");
        Objects.requireNonNull(countersSavedAt, "countersSavedAt");
    }

    /** A meter reading of the lamp supply. */
    public record Electrical(double volts, double amps, double watts, Instant at) {
        /** Real over apparent power; on the DC side it is 1 whenever current flows. */
        public Optional<Double> powerFactor() {
            double apparent = volts * amps;
            return apparent > 1e-3 ? Optional.of(Math.clamp(watts / apparent, 0, 1)) : Optional.empty();
        }
    }

    public double energyKWh() {
        return counters.energyWh() / 1000;
    }

    public double burningHours() {
        return counters.burningHours();
    }

    public long switchCount() {
        return counters.switchCount();
    }

    /** What the lit hours would have cost at 100 %, in kWh: the baseline of the energy-saved figure. */
    public Optional<Double> fullPowerEnergyKWh() {
        return metered ? fullPowerWatts.map(w -> w * counters.meteredLitHours() / 1000) : Optional.empty();
    }

    /** kWh saved against running the same hours at 100 % (negative if the lamp used more). */
    public Optional<Double> energySavedKWh() {
        return fullPowerEnergyKWh().map(full -> full - energyKWh());
    }

    /** kWh saved in the last night against the same hours at 100 % (see {@link #energySavedKWh()}). */
    public Optional<Double> lastNightSavedKWh() {
        return metered ? fullPowerWatts.flatMap(w -> lastNight.map(n -> n.savedWh(w) / 1000)) : Optional.empty();
    }

    public boolean failed(LampFailure f) {
        return failures.contains(f);
    }

    /** The figures flat, for the shell's {@code lamp} view (JSON). */
    public Summary summary() {
        return new Summary(metered, latest.map(Electrical::volts), latest.map(Electrical::amps), latest.map(Electrical::watts),
                latest.flatMap(Electrical::powerFactor), latest.map(Electrical::at), energyKWh(), burningHours(), switchCount(),
                counters.lastSwitchOn(), fullPowerWatts, energySavedKWh(), counters.energySince(),
                lastNight.map(NightEnergy::evening), lastNightSavedKWh(),
                failures.stream().sorted().map(LampFailure::label).toList(), countersSavedAt);
    }

    /** {@link MonitorStatus} as the shell shows it. */
    public record Summary(boolean metered, Optional<Double> volts, Optional<Double> amps, Optional<Double> watts,
            Optional<Double> powerFactor, Optional<Instant> measuredAt, double energyKWh, double burningHours,
            long switchCount, Optional<Instant> lastSwitchOn, Optional<Double> fullPowerWatts,
            Optional<Double> energySavedKWh, Optional<Instant> energySince, Optional<java.time.LocalDate> lastNight,
            Optional<Double> lastNightSavedKWh, List<String> failures, Optional<Instant> countersSavedAt) {
    }
}
