package org.streetnode.agent.lighting;

import java.time.Duration;
import java.time.Instant;

/**
 * A straight move from one level to another at a fixed rate: {@code fullRange} is how long a
 * move over the whole 0-100 % range takes, shorter moves take proportionally less. The level is
 * a function of time, so a late step lands where the ramp is, never behind it.
 */
record Ramp(double from, double to, Instant start, Duration fullRange) {

    /** Being at {@code level} from {@code at} on. */
    static Ramp at(double level, Instant at) {
        return new Ramp(level, level, at, Duration.ZERO);
    }

    double levelAt(Instant t) {
        Duration length = length();
        if (length.isZero() || !t.isBefore(start.plus(length))) {
            return to;
        }
        if (!t.isAfter(start)) {
            return from;
        }
        double fraction = (double) Duration.between(start, t).toNanos() / length.toNanos();
        return from + (to - from) * fraction;
    }

    boolean doneBy(Instant t) {
        return !t.isBefore(start.plus(length()));
    }

    Duration length() {
        return Duration.ofNanos((long) (fullRange.toNanos() * Math.abs(to - from) / 100));
    }
}
