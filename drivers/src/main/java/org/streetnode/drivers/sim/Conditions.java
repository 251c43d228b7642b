package org.streetnode.drivers.sim;

import java.time.Instant;

/** The simulated outdoor conditions at one instant, in the units the sensors report. */
public record Conditions(
        Instant at,
        double celsius,
        double relativeHumidity,
        double hectopascal,
        double sunAltitudeDegrees,
        double lux,
        double pm25,
        double pm10,
        double soundDba) {
}
