package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streetnode demo} as the README runs it: registers with its embedded server, shows
 * simulated readings, shows the lamp's night on its fast clock with the platform receiving
 * readings stamped with that clock's times, exits 0 on Ctrl-C and leaves nothing behind.
 *
 * <p>The waits are in real time and generous (a loaded machine starts the JVM slowly); what is
 * checked is in the demo's time, which the lines show.
 */
class DemoIT {
    /** {@code demo time: 2025-12-21 22:50 (Europe/Berlin) at 60x real time; tonight: 16:23 100 % (dusk+10m), ...}. */
    private static final Pattern HEADER = Pattern.compile("demo time: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d) \\(Europe/Berlin\\)"
            + " at (\\d+)x real time; tonight: (\\d\\d:\\d\\d) 100 % \\(dusk\\+10m\\), 23:00 40 %, .*off \\(dawn-10m\\)");
    private static final Pattern FIRST_SEND = Pattern.compile("\\[\\d\\d:\\d\\d:\\d\\d] platform received its first Send:"
            + " \\d+ readings taken (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) to \\d\\d:\\d\\d:\\d\\d, clock synchronised");
    /** The lamp part of a status line: the INA219's power, the lamp's level and reason, the energy counted. */
    private static final Pattern LAMP_STATUS = Pattern.compile(".*\\| lamp-power [\\d.]+ V [\\d.]+ A ([\\d.]+) W \\|.*"
            + "\\| lamp (\\d+) % \\((.+?)\\) \\| energy ([\\d.]+) kWh \\| registered \\|.*");
    /**
     * Generous: each test's demo is the first run in its own cache directory, so its JVM writes the
     * launcher's start-up archive as it exits (over 30 s at a load average of 20 on two cores);
     * how fast a run stops is RunIT's.
     */
    private static final Duration EXIT = Duration.ofSeconds(120);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    @TempDir
    Path dir;

    @Test
    void demoRegistersShowsTheNodeSwitchesTheLampOnAtDuskAndExitsZeroOnSigint() throws Exception {
        try (AgentProcess demo = AgentProcess.start(dir, "demo")) {
            Matcher header = match(HEADER, demo.awaitLine(l -> l.startsWith("demo time: "), Duration.ofSeconds(60)));
            LocalDateTime start = LocalDateTime.parse(header.group(1), DAY_AND_TIME);
            LocalTime switchOn = LocalTime.parse(header.group(3));
            assertThat(Integer.parseInt(header.group(2))).as("so fast that the night passes in about ten minutes")
                    .isBetween(40, 120);
            assertThat(Duration.between(start.toLocalTime(), switchOn)).as("the clock starts shortly before the switch-on")
                    .isEqualTo(Duration.ofMinutes(10));

            String registered = demo.awaitLine(l -> l.contains("registered with coaps://127.0.0.1:"), Duration.ofSeconds(30));
            assertThat(registered).matches("\\[\\d\\d:\\d\\d:\\d\\d] registered with coaps://127\\.0\\.0\\.1:\\d+ as .+");
            demo.awaitLine(l -> l.contains("platform read /3/0: streetnode streetnode simulated board"), Duration.ofSeconds(10));
            // a status line with simulated readings from every sensor, and the lamp
            String status = demo.awaitLine(l -> l.contains("| light ") && l.contains(" lx"), Duration.ofSeconds(15));
            assertThat(status).containsPattern("air -?\\d+(\\.\\d)? Cel \\d+(\\.\\d)? %RH \\d+ hPa")
                    .contains("| pm ").contains("| noise ").contains("| lamp ").contains("| registered |").endsWith("| faults 0");
            // the buffer delivers the readings to the platform by LwM2M Send
            demo.awaitLine(l -> l.matches(".*platform got [1-9]\\d* readings by Send.*"), Duration.ofSeconds(20));

            // within the first hour of the night the lamp goes on, by the program, at dusk
            String on = demo.awaitLine(l -> l.matches("\\[.{8}] lamp (to|at) 100 %: program \\(dusk\\+10m 100\\).*"),
                    Duration.ofSeconds(60));
            LocalTime at = time(on);
            assertThat(at).isAfterOrEqualTo(switchOn).isBefore(switchOn.plusHours(1));
            // the platform's readings are stamped with the demo's clock: taken in its first hour
            LocalDateTime taken = LocalDateTime.parse(match(FIRST_SEND,
                    demo.awaitLine(l -> l.contains("platform received its first Send"), Duration.ofSeconds(10))).group(1),
                    DAY_AND_TIME);
            assertThat(taken).isAfterOrEqualTo(start).isBefore(start.plusHours(1));
            // the INA219 on the lamp supply sees the lamp lit, and its energy is counted
            demo.awaitLine(l -> lit(l, "program (dusk+10m 100)", 55, 65), Duration.ofSeconds(60));

            String workDir = demo.awaitLine(l -> l.startsWith("working in "), Duration.ofSeconds(1))
                    .replaceFirst("working in (\\S+);.*", "$1");
            assertThat(Path.of(workDir)).isDirectory();

            demo.signal("INT");
            // 0 means the agent stopped within its 5 s budget (past it the runner halts with 1); the JVM's
            // exit after that may take seconds more on a loaded machine: the first run writes its CDS archive
            assertThat(demo.waitForExit(EXIT)).isZero();
            assertThat(demo.stdout()).endsWith("demo stopped");
            assertThat(Files.exists(Path.of(workDir))).as("the demo's temporary directory is removed").isFalse();
        }
    }

    /**
     * A past winter night from 22:45 at 60x: the 23:00 dimming within seconds, the lamp's power
     * falling with it, and readings at the platform from that night (a date no real clock shows).
     */
    @Test
    void fromQuarterToElevenOnAPastWinterNightTheLampDimsAt2300AndThePlatformGetsThatNightsReadings() throws Exception {
        try (AgentProcess demo = AgentProcess.start(dir, "demo", "--at", "2025-12-21T22:45", "--speed", "60")) {
            Matcher header = match(HEADER, demo.awaitLine(l -> l.startsWith("demo time: "), Duration.ofSeconds(60)));
            assertThat(header.group(1)).isEqualTo("2025-12-21 22:45");
            assertThat(header.group(2)).isEqualTo("60");

            // lit at 100 % from dusk, the lamp meter agrees, before 23:00
            demo.awaitLine(l -> l.matches("\\[22:[45]\\d:\\d\\d] lamp at 100 %: program \\(dusk\\+10m 100\\)"), Duration.ofSeconds(60));
            LocalDateTime taken = LocalDateTime.parse(match(FIRST_SEND,
                    demo.awaitLine(l -> l.contains("platform received its first Send"), Duration.ofSeconds(60))).group(1),
                    DAY_AND_TIME);
            assertThat(taken).isAfterOrEqualTo(LocalDateTime.of(2025, 12, 21, 22, 45)).isBefore(LocalDateTime.of(2025, 12, 21, 23, 45));

            // 23:00: to 40 % (a passer-by's boost may hold it at 100 % for a minute or two first)
            String dimmed = demo.awaitLine(l -> l.matches("\\[.{8}] lamp to 40 %: program \\(23:00 40\\), ramping from 100 %"),
                    Duration.ofSeconds(90));
            assertThat(time(dimmed)).isAfterOrEqualTo(LocalTime.of(23, 0)).isBefore(LocalTime.of(23, 15));
            demo.awaitLine(l -> l.matches("\\[.{8}] lamp at 40 %") && !time(l).isBefore(time(dimmed)), Duration.ofSeconds(30));
            // the INA219 sees it: 40 % is a fifth of the power (the dimming curve's gamma 2.2), and energy was counted
            demo.awaitLine(l -> lit(l, "program (23:00 40)", 5, 25), Duration.ofSeconds(60));

            demo.signal("INT");
            assertThat(demo.waitForExit(EXIT)).isZero();
        }
    }

    /** A status line with the lamp at its level for {@code reason}, the meter between the watts given, energy counted. */
    private static boolean lit(String line, String reason, double minWatts, double maxWatts) {
        Matcher m = LAMP_STATUS.matcher(line);
        if (!m.matches() || !m.group(3).equals(reason)) {
            return false;
        }
        double watts = Double.parseDouble(m.group(1));
        return watts >= minWatts && watts <= maxWatts && Double.parseDouble(m.group(4)) > 0;
    }

    private static LocalTime time(String line) {
        return LocalTime.parse(line.substring(1, 9));
    }

    private static Matcher match(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        return m;
    }
}
