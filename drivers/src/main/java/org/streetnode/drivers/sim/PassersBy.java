package org.streetnode.drivers.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * People walking past the pole: a seeded Poisson process whose rate follows the hour of the day,
 * quiet at night, a morning peak, busiest in the evening. Arrivals come out in time order from one
 * random stream (thinning), so the sequence does not depend on how often the world is advanced.
 */
final class PassersBy {

    /** Arrivals per hour for each local solar hour 0..23. */
    private static final double[] RATE_PER_HOUR = {
        2, 1, 1, 1, 1, 3, 8, 20, 25, 15, 12, 14, 18, 15, 14, 18, 25, 30, 38, 40, 34, 22, 12, 6};
    private static final double MAX_RATE = 40;

    private final SplittableRandom random;
    private final double longitude;
    private Instant next;

    PassersBy(long seed, Instant start, double longitude) {
        this.random = new SplittableRandom(seed);
        this.longitude = longitude;
        this.next = start;
        advance();
    }

    /** The next arrival, without consuming it. */
    Instant peek() {
        return next;
    }

    /** Consumes the next arrival and returns it. */
    Instant take() {
        Instant arrival = next;
        advance();
        return arrival;
    }

    private void advance() {
        Instant t = next;
        while (true) {
            double gapHours = -Math.log(1 - random.nextDouble()) / MAX_RATE;
            t = t.plus(Duration.ofNanos((long) (gapHours * 3.6e12)));
            if (random.nextDouble() < rate(t) / MAX_RATE) {
                next = t;
                return;
            }
        }
    }

    private double rate(Instant t) {
        var utc = t.atOffset(ZoneOffset.UTC);
        int hour = (int) Math.floor(((utc.getHour() + utc.getMinute() / 60.0 + longitude / 15) % 24 + 24) % 24);
        return RATE_PER_HOUR[hour];
    }
}
