package org.streetnode.agent.lighting;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Day and night from the light sensor, with hysteresis and a delay: it turns dark once the
 * illuminance has stayed below the on threshold for the delay, and light once it has stayed
 * above the off threshold as long (a passing cloud or a car's headlights change nothing). The
 * first reading (at start, or after the sensor was silent) decides at once, anything below the
 * off threshold counting as dark. Readings older than {@code stale} count for nothing.
 * Thread-safe: readings come from the sampler thread, questions from the lighting thread.
 */
final class Photocell {
    private final Duration delay;
    private final Duration stale;
    private volatile PhotocellThresholds thresholds;
    private Daylight state = Daylight.UNKNOWN;
    private Optional<Instant> pendingSince = Optional.empty();
    private Optional<Instant> lastAt = Optional.empty();
    private double lastLux;

    Photocell(PhotocellThresholds thresholds, Duration delay, Duration stale) {
        this.thresholds = thresholds;
        this.delay = delay;
        this.stale = stale;
    }

    PhotocellThresholds thresholds() {
        return thresholds;
    }

    void thresholds(PhotocellThresholds t) {
        thresholds = t;
    }

    /**
     * Takes a reading; returns whether day or night as seen at {@code at} changed with it (from
     * unknown too), so that the lighting thread is woken only when the lamp may have to follow.
     */
    synchronized boolean reading(double lux, Instant at) {
        Daylight before = daylight(at);
        update(lux, at);
        return daylight(at) != before;
    }

    private void update(double lux, Instant at) {
        if (lastAt.isPresent() && at.isBefore(lastAt.get())) {
            return;
        }
        boolean fresh = lastAt.isEmpty() || Duration.between(lastAt.get(), at).compareTo(stale) > 0;
        lastAt = Optional.of(at);
        lastLux = lux;
        PhotocellThresholds t = thresholds;
        if (fresh || state == Daylight.UNKNOWN) {
            state = lux < t.offLux() ? Daylight.DARK : Daylight.LIGHT;
            pendingSince = Optional.empty();
            return;
        }
        boolean wantsChange = state == Daylight.DARK ? lux > t.offLux() : lux < t.onLux();
        if (!wantsChange) {
            pendingSince = Optional.empty();
            return;
        }
        Instant since = pendingSince.orElse(at);
        pendingSince = Optional.of(since);
        if (Duration.between(since, at).compareTo(delay) >= 0) {
            state = state == Daylight.DARK ? Daylight.LIGHT : Daylight.DARK;
            pendingSince = Optional.empty();
        }
    }

    synchronized Daylight daylight(Instant now) {
        if (lastAt.isEmpty() || Duration.between(lastAt.get(), now).compareTo(stale) > 0) {
            return Daylight.UNKNOWN;
        }
        return state;
    }

    synchronized Optional<Double> lastLux(Instant now) {
        return daylight(now) == Daylight.UNKNOWN ? Optional.empty() : Optional.of(lastLux);
    }

    /** When the last reading grows too old to count (daylight then is unknown); {@link Instant#MAX} before any. */
    synchronized Instant staleAt() {
        return lastAt.map(at -> at.plus(stale).plusMillis(1)).orElse(Instant.MAX);
    }

    synchronized Optional<Instant> lastReadingAt() {
        return lastAt;
    }
}
