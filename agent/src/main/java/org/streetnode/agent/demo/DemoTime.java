package org.streetnode.agent.demo;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.program.Night;
import org.streetnode.agent.program.ProgramStep;
import org.streetnode.agent.program.SolarClock;
import org.streetnode.agent.program.TimeOfNight;

/**
 * When the demo's clock starts and how fast it runs. By default it starts shortly before
 * tonight's switch-on and runs fast enough that the night, to the morning's switch-off, passes
 * in about ten minutes: a newcomer sees the lamp's whole night whenever they try the demo.
 *
 * @param start where the demo's clock starts
 * @param speed how many times faster than real time it runs (1: real time)
 * @param night the night the demo shows: the program resolved for the evening the start falls in
 */
public record DemoTime(Instant start, int speed, Night night) {
    /**
     * The fastest the demo runs. Sensor reads take real time (an I2C transfer, a conversion) and
     * may take up to the demo's read timeout of one minute of its time: half a second at 120x.
     */
    public static final int MAX_SPEED = 120;
    /** How long before the switch-on the clock starts by default: time to register and see the lamp off first. */
    static final Duration BEFORE_SWITCH_ON = Duration.ofMinutes(10);
    /** How long, in real time, the night lasts at the default speed. */
    static final Duration NIGHT_LASTS = Duration.ofMinutes(10);
    /** The speed when the program does not switch the lamp on and off that night (polar summer or winter). */
    static final int SPEED_WITHOUT_NIGHT = 60;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm[:ss]");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public DemoTime {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(night, "night");
        if (speed < 1 || speed > MAX_SPEED) {
            throw new IllegalArgumentException("speed " + speed + " is outside 1-" + MAX_SPEED);
        }
    }

    /** Where the clock starts, as {@code --at} says it. */
    public sealed interface StartAt {
        /** A time of tonight: from noon on this evening, before noon the morning after (as program steps). */
        record Tonight(LocalTime time) implements StartAt {
        }

        /** A date and time. */
        record On(LocalDateTime dateTime) implements StartAt {
        }
    }

    /**
     * The command line's {@code --at} and {@code --speed}, checked; where "tonight" is, and so the
     * start and default speed, waits for the node's zone, place and program ({@link #resolve}).
     */
    public record Choice(Optional<StartAt> at, OptionalInt speed) {

        /** @throws IllegalArgumentException with a message for the person who typed them */
        public static Choice parse(Optional<String> at, Optional<String> speed) {
            return new Choice(at.map(Choice::startAt), speed.map(Choice::speed).map(OptionalInt::of).orElse(OptionalInt.empty()));
        }

        private static StartAt startAt(String text) {
            String t = text.strip();
            try {
                return t.contains("T") ? new StartAt.On(LocalDateTime.parse(t))
                        : new StartAt.Tonight(LocalTime.parse(t, CLOCK));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("--at: not a time: \"" + text + "\" (write 22:50 for tonight, 05:00 for"
                        + " the morning after, or a date and time such as 2025-12-21T16:00; in the node's time zone)");
            }
        }

        private static int speed(String text) {
            String t = text.strip();
            int speed = t.matches("\\d{1,9}") ? Integer.parseInt(t) : 0;
            if (speed < 1 || speed > MAX_SPEED) {
                throw new IllegalArgumentException("--speed: not a whole number from 1 (real time) to " + MAX_SPEED
                        + ": \"" + text + "\"");
            }
            return speed;
        }

        /**
         * The start and speed for a node with this configuration, "tonight" being the evening of
         * {@code today} in the node's zone.
         */
        public DemoTime resolve(StreetnodeConfig config, Instant realNow) {
            ZoneId zone = config.node().timezone();
            SolarClock sun = new SolarClock(config.location().latitude(), config.location().longitude(), zone);
            LocalDate today = LocalDate.ofInstant(realNow, zone);
            Night tonight = Night.resolve(config.lighting().program(), today, zone, sun);
            Instant start = at.map(a -> switch (a) {
                case StartAt.Tonight t -> ZonedDateTime.of(t.time().isBefore(TimeOfNight.NOON) ? today.plusDays(1) : today,
                        t.time(), zone).toInstant();
                case StartAt.On o -> o.dateTime().atZone(zone).toInstant();
            }).orElseGet(() -> tonight.on().map(on -> on.minus(BEFORE_SWITCH_ON)).orElse(realNow));
            Night night = at.isEmpty() ? tonight : Night.resolve(config.lighting().program(), eveningOf(start, zone), zone, sun);
            return new DemoTime(start, speed.orElseGet(() -> defaultSpeed(night)), night);
        }
    }

    /** So that the night, from shortly before the switch-on to the switch-off, passes in about ten minutes. */
    static int defaultSpeed(Night night) {
        if (night.on().isEmpty() || night.off().isEmpty()) {
            return SPEED_WITHOUT_NIGHT;
        }
        Duration shown = Duration.between(night.on().get().minus(BEFORE_SWITCH_ON), night.off().get());
        long speed = (shown.toSeconds() + NIGHT_LASTS.toSeconds() - 1) / NIGHT_LASTS.toSeconds();
        return (int) Math.clamp(speed, 1, MAX_SPEED);
    }

    /** The date the night containing {@code t} starts on: nights run from noon to noon. */
    private static LocalDate eveningOf(Instant t, ZoneId zone) {
        ZonedDateTime local = t.atZone(zone);
        return local.toLocalTime().isBefore(TimeOfNight.NOON) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
    }

    /**
     * For the demo's first lines: {@code 2025-12-21 16:03 (Europe/Berlin) at 96x real time;
     * tonight: 16:13 100 % (dusk+10m), 23:00 40 %, 05:30 100 %, 08:07 off (dawn-10m)}.
     */
    public String describe(ZoneId zone) {
        // the steps that act: those between the switch-on and the switch-off, if the sun gives them
        String steps = night.on().isEmpty() || night.off().isEmpty() ? "" : night.steps().stream()
                .filter(r -> !r.at().isBefore(night.on().get()) && !r.at().isAfter(night.off().get()))
                .map(r -> r.at().atZone(zone).format(HH_MM) + " " + level(r.step())
                        + (r.step().at() instanceof TimeOfNight.At ? "" : " (" + r.step().at().format() + ")"))
                .collect(Collectors.joining(", "));
        return start.atZone(zone).format(DAY_AND_TIME) + " (" + zone.getId() + ") at " + speed + "x real time; tonight: "
                + (steps.isEmpty() ? "the program does not switch the lamp on" : steps);
    }

    private static String level(ProgramStep step) {
        double l = step.level();
        return l == 0 ? "off" : (l == Math.rint(l) ? Long.toString((long) l) : String.valueOf(l)) + " %";
    }
}
