package org.streetnode.agent.lighting.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The lamp's energy and lit time over one night. A night runs from noon to noon in the node's
 * zone and is named by its evening's date, so a lamp that goes off at midnight and on again for
 * the morning (or a crew's override at 3 am) still counts one night.
 *
 * @param evening the date the night began on
 * @param energyWh energy measured on the lamp supply in that night (the standby draw of its day half included)
 * @param litMillis milliseconds the lamp was lit in it
 */
public record NightEnergy(LocalDate evening, double energyWh, long litMillis) {
    public NightEnergy {
        Objects.requireNonNull(evening, "evening");
        if (!(energyWh >= 0) || litMillis < 0) {
            throw new IllegalArgumentException("night figures cannot be negative");
        }
    }

    /** The night {@code at} belongs to, in {@code zone}. */
    public static LocalDate eveningOf(Instant at, ZoneId zone) {
        return at.atZone(zone).minusHours(12).toLocalDate();
    }

    static NightEnergy startingOn(LocalDate evening) {
        return new NightEnergy(evening, 0, 0);
    }

    public double litHours() {
        return litMillis / 3_600_000.0;
    }

    /** Wh saved against burning the same hours at {@code fullPowerWatts} (negative if the lamp used more). */
    public double savedWh(double fullPowerWatts) {
        return fullPowerWatts * litHours() - energyWh;
    }

    NightEnergy plusEnergy(double wh) {
        return new NightEnergy(evening, energyWh + wh, litMillis);
    }

    NightEnergy plusLit(Duration d) {
        return new NightEnergy(evening, energyWh, litMillis + d.toMillis());
    }
}
