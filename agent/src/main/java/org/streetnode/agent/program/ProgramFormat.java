package org.streetnode.agent.program;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.streetnode.agent.units.Units;

/**
 * Programs as text: the form written in {@code [lighting] program}, by the platform and in the
 * shell. Steps are separated by commas (or semicolons, or new lines); each is a time and a level:
 *
 * <pre>{@code
 * dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off
 * }</pre>
 *
 * A time is {@code HH:MM} in the node's time zone, or {@code dusk}, {@code dawn},
 * {@code civil-dusk}, {@code civil-dawn} ({@code sunset}, {@code sunrise} are read as dusk and
 * dawn) with an optional offset such as {@code +10m}, {@code -1h}, {@code +90s}. A level is a
 * percentage 0-100 (a {@code %} sign may follow), {@code off} (0) or {@code on} (100).
 */
public final class ProgramFormat {
    private static final Pattern STEP = Pattern.compile("(\\S+)\\s+(\\S+)");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})");
    private static final Pattern SOLAR = Pattern.compile("(?i)(dusk|dawn|sunset|sunrise|civil-dusk|civil-dawn)(?:([+-])(.+))?");
    private static final Pattern LEVEL = Pattern.compile("(\\d{1,3}(?:\\.\\d+)?)\\s*%?");
    private static final String FORM = "write steps as TIME LEVEL separated by commas, e.g. \"dusk+10m 100, 23:00 40,"
            + " 05:30 100, dawn-10m off\"";

    private ProgramFormat() {
    }

    public static Program parse(String text) throws InvalidProgramException {
        List<ProgramStep> steps = new ArrayList<>();
        int n = 0;
        for (String part : text.split("[,;\\n]")) {
            String step = part.strip();
            if (step.isEmpty()) {
                continue;
            }
            n++;
            steps.add(step(n, step));
        }
        if (steps.isEmpty()) {
            throw new InvalidProgramException("the program is empty; " + FORM);
        }
        return Program.of(steps);
    }

    private static ProgramStep step(int n, String text) throws InvalidProgramException {
        Matcher m = STEP.matcher(text);
        if (!m.matches()) {
            throw new InvalidProgramException("step " + n + " \"" + text + "\": expected a time and a level; " + FORM);
        }
        TimeOfNight at = time(n, text, m.group(1));
        double level = level(n, text, m.group(2));
        return new ProgramStep(at, level);
    }

    private static TimeOfNight time(int n, String step, String token) throws InvalidProgramException {
        Matcher clock = CLOCK.matcher(token);
        if (clock.matches()) {
            try {
                return new TimeOfNight.At(LocalTime.of(Integer.parseInt(clock.group(1)), Integer.parseInt(clock.group(2))));
            } catch (DateTimeException e) {
                throw new InvalidProgramException("step " + n + " \"" + step + "\": " + token + " is not a time of day (00:00-23:59)");
            }
        }
        Matcher solar = SOLAR.matcher(token);
        if (!solar.matches()) {
            throw new InvalidProgramException("step " + n + " \"" + step + "\": \"" + token + "\" is not a time: use HH:MM,"
                    + " or dusk, dawn, civil-dusk or civil-dawn with an optional offset such as +10m or -1h");
        }
        SolarEvent event = SolarEvent.ofWord(solar.group(1));
        Duration offset = Duration.ZERO;
        if (solar.group(2) != null) {
            Optional<Duration> d = Units.parseDuration(solar.group(3));
            if (d.isEmpty()) {
                throw new InvalidProgramException("step " + n + " \"" + step + "\": \"" + solar.group(3)
                        + "\" is not an offset: use a number with a unit, e.g. 10m, 90s or 1h");
            }
            offset = solar.group(2).equals("-") ? d.get().negated() : d.get();
        }
        try {
            return new TimeOfNight.Solar(event, offset);
        } catch (IllegalArgumentException e) {
            throw new InvalidProgramException("step " + n + " \"" + step + "\": " + e.getMessage());
        }
    }

    private static double level(int n, String step, String token) throws InvalidProgramException {
        if (token.equalsIgnoreCase("off")) {
            return 0;
        }
        if (token.equalsIgnoreCase("on")) {
            return 100;
        }
        Matcher m = LEVEL.matcher(token);
        if (!m.matches()) {
            throw new InvalidProgramException("step " + n + " \"" + step + "\": \"" + token
                    + "\" is not a level: use a percentage 0-100, \"on\" or \"off\"");
        }
        double level = Double.parseDouble(m.group(1));
        if (level > 100) {
            throw new InvalidProgramException("step " + n + " \"" + step + "\": level " + m.group(1) + " is outside 0-100 %");
        }
        return level;
    }
}
