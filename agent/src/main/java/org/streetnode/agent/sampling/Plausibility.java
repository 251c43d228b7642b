package org.streetnode.agent.sampling;

import java.util.Optional;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;

/**
 * Physical plausibility of a value at a street pole, beyond what the chip itself can measure
 * (the drivers check that). A temperature of 80 °C outdoors is a broken sensor or a sensor in
 * the lamp's heat, not weather: such readings are refused, and the sensor marked.
 */
public final class Plausibility {
    private Plausibility() {
    }

    /** Why the value is implausible, or empty. */
    public static Optional<String> check(Measurement m) {
        double[] range = range(m.quantity());
        if (m.value() < range[0] || m.value() > range[1]) {
            return Optional.of(String.format("implausible %s %s %s (plausible %s to %s)",
                    m.quantity().name().toLowerCase(), format(m.value()), m.quantity().unit(), format(range[0]),
                    format(range[1])));
        }
        return Optional.empty();
    }

    private static double[] range(Quantity q) {
        return switch (q) {
            case TEMPERATURE -> new double[] {-45, 70};        // record lows and a sun-heated enclosure
            case HUMIDITY -> new double[] {0, 100};
            case PRESSURE -> new double[] {500, 1100};         // sea level to ~5,000 m
            case ILLUMINANCE -> new double[] {0, 150_000};     // direct sunlight ~120,000 lx
            case PM2_5, PM10 -> new double[] {0, 1000};        // SDS011 range is 0-999.9
            case PRESENCE -> new double[] {0, 1};
            case PRESENCE_COUNT -> new double[] {0, Double.MAX_VALUE};
            case SOUND_LEVEL -> new double[] {20, 140};        // quiet night to a jackhammer nearby
            case VOLTAGE -> new double[] {0, 30};              // INA219 bus input ends at 26 V
            case CURRENT -> new double[] {-20, 20};
            case POWER -> new double[] {0, 1000};
        };
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
