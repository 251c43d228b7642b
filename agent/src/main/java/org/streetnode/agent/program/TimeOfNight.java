package org.streetnode.agent.program;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import org.streetnode.agent.units.Units;

/**
 * When a program step happens within a night: a wall-clock time in the node's zone, or a sun
 * event with an offset. A night runs from noon to noon, so "23:00" and "05:30" of one night
 * fall on two dates.
 */
public sealed interface TimeOfNight {
    /** Where the night's two halves meet: times from noon on belong to the evening date. */
    LocalTime NOON = LocalTime.NOON;

    /** The moment in the night that starts on {@code evening}; empty when the sun does not give one that night. */
    Optional<Instant> resolve(LocalDate evening, ZoneId zone, SolarClock sun);

    /** As programs write it: {@code "23:00"}, {@code "dusk+10m"}, {@code "dawn-1h"}. */
    String format();

    /** A wall-clock time; before noon it is the morning after the evening date. */
    record At(LocalTime time) implements TimeOfNight {
        private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

        public At {
            Objects.requireNonNull(time, "time");
            if (time.getSecond() != 0 || time.getNano() != 0) {
                throw new IllegalArgumentException("program times are whole minutes, not " + time);
            }
        }

        @Override
        public Optional<Instant> resolve(LocalDate evening, ZoneId zone, SolarClock sun) {
            LocalDate date = time.isBefore(NOON) ? evening.plusDays(1) : evening;
            // A time skipped by a DST change moves forward by the gap, as ZonedDateTime does.
            return Optional.of(ZonedDateTime.of(date, time, zone).toInstant());
        }

        @Override
        public String format() {
            return time.format(HH_MM);
        }
    }

    /** A sun event shifted by an offset (negative: before the event). */
    record Solar(SolarEvent event, Duration offset) implements TimeOfNight {
        /** Offsets beyond this would drift a step out of its half of the night. */
        public static final Duration MAX_OFFSET = Duration.ofHours(4);

        public Solar {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(offset, "offset");
            if (offset.abs().compareTo(MAX_OFFSET) > 0) {
                throw new IllegalArgumentException("an offset from " + event.word() + " may be at most "
                        + Units.formatDuration(MAX_OFFSET) + ", not " + Units.formatDuration(offset.abs()));
            }
        }

        @Override
        public Optional<Instant> resolve(LocalDate evening, ZoneId zone, SolarClock sun) {
            return sun.event(event, evening).map(t -> t.plus(offset));
        }

        @Override
        public String format() {
            if (offset.isZero()) {
                return event.word();
            }
            return event.word() + (offset.isNegative() ? "-" : "+") + Units.formatDuration(offset.abs());
        }
    }
}
