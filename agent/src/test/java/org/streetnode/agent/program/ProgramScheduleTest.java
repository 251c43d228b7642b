package org.streetnode.agent.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.program.ProgramSchedule.ProgramLevel;

class ProgramScheduleTest {
    private static final ZoneId BERLIN = SolarClockTest.BERLIN;
    private static final String CITY = "dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off";

    private final SolarClock sun = new SolarClock(SolarClockTest.JENA_LAT, SolarClockTest.JENA_LON, BERLIN);

    @Test
    void aWinterNight() throws Exception {
        ProgramSchedule s = schedule(CITY);
        LocalDate evening = LocalDate.of(2025, 12, 21);
        Instant on = sun.event(SolarEvent.DUSK, evening).orElseThrow().plus(Duration.ofMinutes(10));
        Instant off = sun.event(SolarEvent.DAWN, evening).orElseThrow().minus(Duration.ofMinutes(10));

        assertLevel(s.at(on.minusSeconds(1)), false, 0);
        assertLevel(s.at(on), true, 100);
        assertLevel(s.at(local("2025-12-21T22:59:59")), true, 100);
        assertLevel(s.at(local("2025-12-21T23:00:00")), true, 40);
        assertLevel(s.at(local("2025-12-22T05:29:59")), true, 40);
        assertLevel(s.at(local("2025-12-22T05:30:00")), true, 100);
        assertLevel(s.at(off.minusSeconds(1)), true, 100);
        assertLevel(s.at(off), false, 0);
        assertLevel(s.at(local("2025-12-22T12:00:00")), false, 0);
        assertThat(s.at(local("2025-12-21T23:30:00")).step().format()).isEqualTo("23:00 40");
    }

    @Test
    void inSummerTheMorningStepAfterDawnHasNoEffect() throws Exception {
        ProgramSchedule s = schedule(CITY);
        LocalDate evening = LocalDate.of(2025, 6, 21);
        Instant on = sun.event(SolarEvent.DUSK, evening).orElseThrow().plus(Duration.ofMinutes(10));
        Instant off = sun.event(SolarEvent.DAWN, evening).orElseThrow().minus(Duration.ofMinutes(10));
        assertThat(on.atZone(BERLIN).toLocalTime()).isBetween(java.time.LocalTime.of(21, 40), java.time.LocalTime.of(21, 43));

        assertLevel(s.at(on.minusSeconds(1)), false, 0);
        assertLevel(s.at(on), true, 100);
        assertLevel(s.at(local("2025-06-21T23:30:00")), true, 40);
        assertLevel(s.at(off.minusSeconds(1)), true, 40);
        assertLevel(s.at(off), false, 0);
        assertLevel(s.at(local("2025-06-22T05:30:00")), false, 0);
        assertLevel(s.at(local("2025-06-22T05:31:00")), false, 0);
    }

    @Test
    void aChangeWrittenBeforeSwitchOnAppliesFromSwitchOn() throws Exception {
        ProgramSchedule s = schedule("dusk 100, 14:00 50, dawn off");
        assertLevel(s.at(local("2025-12-21T15:00:00")), false, 0);
        assertLevel(s.at(local("2025-12-21T18:00:00")), true, 50);
    }

    @Test
    void partNightSwitchOffKeepsTheNightOpen() throws Exception {
        ProgramSchedule s = schedule("dusk 100, 01:00 off, 05:00 100, dawn off");
        assertLevel(s.at(local("2025-12-22T00:59:00")), true, 100);
        assertLevel(s.at(local("2025-12-22T02:00:00")), true, 0);
        assertLevel(s.at(local("2025-12-22T05:00:00")), true, 100);
    }

    @Test
    void fixedTimesRunAcrossMidnight() throws Exception {
        ProgramSchedule s = schedule("18:00 100, 06:00 off");
        assertLevel(s.at(local("2025-12-21T17:59:59")), false, 0);
        assertLevel(s.at(local("2025-12-21T18:00:00")), true, 100);
        assertLevel(s.at(local("2025-12-22T05:59:59")), true, 100);
        assertLevel(s.at(local("2025-12-22T06:00:00")), false, 0);
    }

    @Test
    void aSwitchOffBeforeTheSwitchOnLeavesTheLampOffThatNight() throws Exception {
        ProgramSchedule s = schedule("dusk 100, 21:00 off");
        assertLevel(s.at(local("2025-06-21T22:00:00")), false, 0);
        assertLevel(s.at(local("2025-12-21T20:00:00")), true, 100);
    }

    @Test
    void clockChangesFollowTheZone() throws Exception {
        // 2025-10-26 02:00-03:00 happens twice; the step takes the first
        ProgramSchedule autumn = schedule("dusk 100, 02:30 50, dawn off");
        assertLevel(autumn.at(Instant.parse("2025-10-26T00:29:00Z")), true, 100); // 02:29 CEST
        assertLevel(autumn.at(Instant.parse("2025-10-26T00:30:00Z")), true, 50); // 02:30 CEST
        // 2025-03-30 02:00-03:00 does not exist; the step moves on by the gap, to 03:30 CEST
        ProgramSchedule spring = schedule("dusk 100, 02:30 50, dawn off");
        assertLevel(spring.at(Instant.parse("2025-03-30T01:29:00Z")), true, 100);
        assertLevel(spring.at(Instant.parse("2025-03-30T01:30:00Z")), true, 50);
    }

    @Test
    void aPolarNightIsLitThroughAndAPolarDayNotAtAll() throws Exception {
        ZoneId svalbard = ZoneId.of("Arctic/Longyearbyen");
        ProgramSchedule s = new ProgramSchedule(ProgramFormat.parse(CITY), new SolarClock(78.22, 15.65, svalbard));
        assertThat(s.at(LocalDateTime.parse("2025-12-21T13:00:00").atZone(svalbard).toInstant()).lit()).isTrue();
        assertThat(s.at(LocalDateTime.parse("2025-06-22T01:00:00").atZone(svalbard).toInstant()).lit()).isFalse();
    }

    private ProgramSchedule schedule(String text) throws InvalidProgramException {
        return new ProgramSchedule(ProgramFormat.parse(text), sun);
    }

    private static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(BERLIN).toInstant();
    }

    private static void assertLevel(ProgramLevel l, boolean lit, double level) {
        assertThat(l.lit()).as("lit in %s", l).isEqualTo(lit);
        assertThat(l.level()).as("level in %s", l).isEqualTo(level);
    }
}
