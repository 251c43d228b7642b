package org.streetnode.agent.lighting.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The lamp's lifetime figures, as persisted.
 *
 * @param energyWh energy measured on the lamp supply, in Wh
 * @param burningMillis milliseconds the lamp was commanded on (3416/15, resettable)
 * @param switchCount times the lamp was switched from on to off (3416/18, resettable)
 * @param meteredLitMillis milliseconds the lamp was on since the energy counter started: with the full-power draw it
 *     gives what the same hours would have cost at 100 %
 * @param fullPowerWatts the draw at 100 % learnt from the meter (0 until seen)
 * @param lastSwitchOn when the lamp last went from off to on (3416/17)
 */
public record Counters(double energyWh, long burningMillis, long switchCount, long meteredLitMillis,
        double fullPowerWatts, Optional<Instant> lastSwitchOn) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, Optional.empty());

    public Counters {
        Objects.requireNonNull(lastSwitchOn, "lastSwitchOn");
        if (!(energyWh >= 0) || burningMillis < 0 || switchCount < 0 || meteredLitMillis < 0 || !(fullPowerWatts >= 0)) {
            throw new IllegalArgumentException("counters cannot be negative");
        }
    }

    /** Hours on the metered clock, for the energy-saved figure. */
    public double meteredLitHours() {
        return meteredLitMillis / 3_600_000.0;
    }

    public double burningHours() {
        return burningMillis / 3_600_000.0;
    }

    Counters plusEnergy(double wh) {
        return new Counters(energyWh + wh, burningMillis, switchCount, meteredLitMillis, fullPowerWatts, lastSwitchOn);
    }

    Counters plusLit(Duration d) {
        return new Counters(energyWh, burningMillis + d.toMillis(), switchCount, meteredLitMillis + d.toMillis(),
                fullPowerWatts, lastSwitchOn);
    }

    Counters switchedOff() {
        return new Counters(energyWh, burningMillis, switchCount + 1, meteredLitMillis, fullPowerWatts, lastSwitchOn);
    }

    Counters switchedOn(Instant at) {
        return new Counters(energyWh, burningMillis, switchCount, meteredLitMillis, fullPowerWatts, Optional.of(at));
    }

    Counters withFullPower(double watts) {
        return new Counters(energyWh, burningMillis, switchCount, meteredLitMillis, watts, lastSwitchOn);
    }

    Counters withoutBurningHours() {
        return new Counters(energyWh, 0, switchCount, meteredLitMillis, fullPowerWatts, lastSwitchOn);
    }

    Counters withoutSwitches() {
        return new Counters(energyWh, burningMillis, 0, meteredLitMillis, fullPowerWatts, lastSwitchOn);
    }

    Counters withoutEnergy() {
        return new Counters(0, burningMillis, switchCount, 0, fullPowerWatts, lastSwitchOn);
    }
}
