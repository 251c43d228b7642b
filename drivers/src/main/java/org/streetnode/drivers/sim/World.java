package org.streetnode.drivers.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import org.shredzone.commons.suncalc.SunPosition;

/**
 * The weather and the street around a simulated node, as a pure function of seed, place and time:
 * a seasonal and diurnal temperature curve, humidity moving against it, slow pressure systems,
 * illuminance from the sun's altitude (commons-suncalc) under drifting clouds, particulate
 * matter with rush-hour bumps and occasional peaks, and a street noise level.
 *
 * <p>The figures are plausible for central Germany, not a climate model: Jena's monthly means run
 * from about 0 °C in January to 19 °C in July, with a daily swing of 3..8 K peaking mid-afternoon.
 */
public final class World {

    private static final int TEMPERATURE = 1;
    private static final int HUMIDITY = 2;
    private static final int CLOUDS = 3;
    private static final int PM = 4;
    private static final int PM_PEAK = 5;
    private static final int SOUND = 6;
    private static final int PRESSURE = 7;

    private final long seed;
    private final Location location;

    public World(long seed, Location location) {
        this.seed = seed;
        this.location = Objects.requireNonNull(location, "location");
    }

    public long seed() {
        return seed;
    }

    public Location location() {
        return location;
    }

    public Conditions at(Instant t) {
        double seconds = t.getEpochSecond() + t.getNano() / 1e9;
        var utc = t.atOffset(ZoneOffset.UTC);
        double dayOfYear = utc.getDayOfYear() - 1 + utc.getHour() / 24.0;
        // Local solar time: 15° of longitude per hour east of Greenwich.
        double solarHour = ((utc.getHour() + utc.getMinute() / 60.0 + location.longitude() / 15) % 24 + 24) % 24;

        double season = -Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.25); // -1 mid-January, +1 mid-July
        double seasonalMean = 9.5 + 9.5 * season;
        double swing = 5.5 + 2.5 * season;
        double daily = Math.cos(2 * Math.PI * (solarHour - 15) / 24); // +1 at 15:00, -1 at 03:00
        double celsius = seasonalMean + swing / 2 * daily + 2.0 * Noise.smooth(seed, TEMPERATURE, seconds, 6 * 3600);

        double humidity = Math.clamp(74 - 10 * season - 14 * daily
                + 8 * Noise.smooth(seed, HUMIDITY, seconds, 4 * 3600), 20, 99);

        double hectopascal = 995 + 9 * Math.sin(2 * Math.PI * seconds / (4.3 * 86400))
                + 5 * Noise.smooth(seed, PRESSURE, seconds, 36 * 3600);

        double altitude = SunPosition.compute().on(t).at(location.latitude(), location.longitude())
                .execute().getAltitude();
        double cloudiness = 0.5 + 0.5 * Noise.smooth(seed, CLOUDS, seconds, 3 * 3600); // 0 clear .. 1 overcast
        double lux = illuminance(altitude) * (1 - 0.75 * cloudiness);

        double rushHour = bump(solarHour, 8, 1.5) + bump(solarHour, 17.5, 2);
        double pm25 = Math.max(0, 7 + 6 * rushHour + 3 * Noise.smooth(seed, PM, seconds, 2 * 3600) + peak(seconds));
        double pm10 = pm25 * 1.6 + 2;

        double busy = solarHour >= 6 && solarHour < 22 ? 1 : 0;
        double soundDba = 38 + 14 * busy + 4 * rushHour + 3 * Noise.smooth(seed, SOUND, seconds, 600);

        return new Conditions(t, celsius, humidity, hectopascal, altitude, lux, pm25, pm10, soundDba);
    }

    /**
     * Horizontal illuminance in lux for a sun altitude, clear sky: about 120 klx with the sun
     * high, 400 lx at sunrise, 3 lx at civil dusk (−6°), then down to a city night's 0.1 lx.
     */
    static double illuminance(double altitudeDegrees) {
        if (altitudeDegrees >= 0) {
            return 400 + 120_000 * Math.pow(Math.sin(Math.toRadians(altitudeDegrees)), 1.15);
        }
        if (altitudeDegrees >= -6) {
            return 400 * Math.pow(3.0 / 400, -altitudeDegrees / 6);
        }
        return Math.max(0.1, 3 * Math.pow(10, (altitudeDegrees + 6) / 4));
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    /** Occasional particulate peaks: in about one hour in twelve a 15..75 µg/m³ plume for 20..80 min. */
    private double peak(double seconds) {
        long hour = (long) Math.floor(seconds / 3600);
        double total = 0;
        for (long slot = hour - 2; slot <= hour; slot++) {
            if (Noise.uniform(seed, PM_PEAK, slot, 0) >= 1 / 12.0) {
                continue;
            }
            double start = slot * 3600 + Noise.uniform(seed, PM_PEAK, slot, 1) * 3600;
            double length = 1200 + Noise.uniform(seed, PM_PEAK, slot, 2) * 3600;
            double height = 15 + Noise.uniform(seed, PM_PEAK, slot, 3) * 60;
            double x = (seconds - start) / length;
            if (x >= 0 && x <= 1) {
                total += height * (1 - Math.abs(2 * x - 1));
            }
        }
        return total;
    }
}
