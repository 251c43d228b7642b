package org.streetnode.agent.lighting.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * @param energySince when the energy counter (and the energy-saved baseline) started; empty for counters written
 *     before the node recorded it
 * @param tonight the figures of the night in progress (the latest night the monitor saw)
 * @param lastNight the latest earlier night in which the lamp was lit
 */
public record Counters(double energyWh, long burningMillis, long switchCount, long meteredLitMillis,
        double fullPowerWatts, Optional<Instant> lastSwitchOn, Optional<Instant> energySince,
        Optional<NightEnergy> tonight, Optional<NightEnergy> lastNight) {
    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public Counters {
        Objects.requireNonNull(lastSwitchOn, "lastSwitchOn");
        Objects.requireNonNull(energySince, "energySince");
        Objects.requireNonNull(tonight, "tonight");
        Objects.requireNonNull(lastNight, "lastNight");
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

    /** Energy measured in the night of {@code evening}. */
    Counters plusEnergy(double wh, LocalDate evening) {
        Counters c = inNight(evening);
        return new Counters(energyWh + wh, burningMillis, switchCount, meteredLitMillis, fullPowerWatts, lastSwitchOn,
                energySince, c.tonight.map(n -> n.plusEnergy(wh)), c.lastNight);
    }

    /** Time lit in the night of {@code evening}. */
    Counters plusLit(Duration d, LocalDate evening) {
        Counters c = inNight(evening);
        return new Counters(energyWh, burningMillis + d.toMillis(), switchCount, meteredLitMillis + d.toMillis(),
                fullPowerWatts, lastSwitchOn, energySince, c.tonight.map(n -> n.plusLit(d)), c.lastNight);
    }

    /** The night of {@code evening} in progress: a new one begins, the one before becomes the last night if it was lit. */
    private Counters inNight(LocalDate evening) {
        if (tonight.isPresent() && tonight.get().evening().equals(evening)) {
            return this;
        }
        Optional<NightEnergy> last = tonight.filter(n -> n.litMillis() > 0).or(() -> lastNight);
        return new Counters(energyWh, burningMillis, switchCount, meteredLitMillis, fullPowerWatts, lastSwitchOn,
                energySince, Optional.of(NightEnergy.startingOn(evening)), last);
    }

    Counters switchedOff() {
        return new Counters(energyWh, burningMillis, switchCount + 1, meteredLitMillis, fullPowerWatts, lastSwitchOn,
                energySince, tonight, lastNight);
    }

    Counters switchedOn(Instant at) {
        return new Counters(energyWh, burningMillis, switchCount, meteredLitMillis, fullPowerWatts, Optional.of(at),
                energySince, tonight, lastNight);
    }

    Counters withFullPower(double watts) {
        return new Counters(energyWh, burningMillis, switchCount, meteredLitMillis, watts, lastSwitchOn, energySince,
                tonight, lastNight);
    }

    Counters withoutBurningHours() {
        return new Counters(energyWh, 0, switchCount, meteredLitMillis, fullPowerWatts, lastSwitchOn, energySince,
                tonight, lastNight);
    }

    Counters withoutSwitches() {
        return new Counters(energyWh, burningMillis, 0, meteredLitMillis, fullPowerWatts, lastSwitchOn, energySince,
                tonight, lastNight);
    }

    /** The energy counter and the energy-saved baseline start again at {@code at} (the nights' figures too). */
    Counters withoutEnergy(Instant at) {
        return new Counters(0, burningMillis, switchCount, 0, fullPowerWatts, lastSwitchOn, Optional.of(at),
                Optional.empty(), Optional.empty());
    }

    /** Counting the energy from {@code at}, for counters that start from nothing. */
    Counters countingSince(Instant at) {
        return new Counters(energyWh, burningMillis, switchCount, meteredLitMillis, fullPowerWatts, lastSwitchOn,
                Optional.of(at), tonight, lastNight);
    }
}
