package org.streetnode.agent.program;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.shredzone.commons.suncalc.SunTimes;

/**
 * Dusk and dawn for the node's place, by commons-suncalc. The horizon is taken as flat at the
 * lamp's own height (the node's altitude is not used): a lamp in a town sees the surrounding
 * land, not a sea-level horizon 155 m below it, and almanac tables are computed the same way.
 *
 * <p>Where the sun does not cross the event's altitude on a date (polar summer or winter), an
 * evening event on a day the sun stays below it is taken as the noon that starts the night and
 * a morning event as the noon that ends it (the lamp stays on); on a day it stays above, there
 * is no event (the lamp stays off, as the program cannot switch on). Thread-safe; results are
 * cached per event and date.
 */
public final class SolarClock {
    private static final int CACHE_SIZE = 64;

    private final double latitude;
    private final double longitude;
    private final ZoneId zone;
    private final Map<Key, Optional<Instant>> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Optional<Instant>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private record Key(SolarEvent event, LocalDate evening) {
    }

    public SolarClock(double latitude, double longitude, ZoneId zone) {
        this.latitude = latitude;
        this.longitude = longitude;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The event in the night that starts on {@code evening}: an evening event on that date, a
     * morning event on the next.
     */
    public synchronized Optional<Instant> event(SolarEvent event, LocalDate evening) {
        return cache.computeIfAbsent(new Key(event, evening), k -> compute(k.event(), k.evening()));
    }

    private Optional<Instant> compute(SolarEvent event, LocalDate evening) {
        LocalDate date = event.evening() ? evening : evening.plusDays(1);
        SunTimes times = SunTimes.compute().on(date).timezone(zone).at(latitude, longitude)
                .twilight(event.twilight()).oneDay().execute();
        ZonedDateTime t = event.evening() ? times.getSet() : times.getRise();
        if (t != null) {
            return Optional.of(t.toInstant());
        }
        if (times.isAlwaysDown()) {
            return Optional.of(ZonedDateTime.of(date, LocalTime.NOON, zone).toInstant());
        }
        return Optional.empty();
    }
}
