package org.streetnode.agent.lighting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.config.LightingConfig.PhotocellMode;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.program.ProgramSchedule.ProgramLevel;
import org.streetnode.agent.program.ProgramStep;
import org.streetnode.agent.program.TimeOfNight;

class DecisionFunctionTest {
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static final ProgramStep ELEVEN = new ProgramStep(new TimeOfNight.At(LocalTime.of(23, 0)), 40);
    private static final ProgramStep OFF = new ProgramStep(new TimeOfNight.At(LocalTime.of(6, 0)), 0);
    private static final ProgramLevel NIGHT_40 = new ProgramLevel(true, 40, ELEVEN);
    private static final ProgramLevel DAY = new ProgramLevel(false, 0, OFF);
    private static final LampOverride PLATFORM = new LampOverride(70, Optional.empty(), LampOverride.Source.PLATFORM, "server 1");
    private static final LampOverride CREW = new LampOverride(100, Optional.of(LATER), LampOverride.Source.MAINTENANCE, "uid 1000");

    private static Situation night() {
        return new Situation(Optional.empty(), Optional.empty(), false, 100, true, PhotocellMode.BACKUP, Daylight.UNKNOWN,
                NIGHT_40, 100);
    }

    private static Situation with(Situation s, Optional<LampOverride> crew, Optional<LampOverride> platform, boolean presence) {
        return new Situation(crew, platform, presence, s.presenceBoost(), s.clockTrusted(), s.photocellMode(), s.daylight(),
                s.program(), s.onLevel());
    }

    private static Situation light(Situation s, boolean trusted, PhotocellMode mode, Daylight daylight, ProgramLevel program) {
        return new Situation(s.maintenance(), s.platform(), s.presence(), s.presenceBoost(), trusted, mode, daylight,
                program, s.onLevel());
    }

    @Test
    void priorityMaintenanceThenPlatformThenPresenceThenProgram() {
        Situation s = night();
        assertThat(DecisionFunction.decide(s)).isEqualTo(new Decision(40, new Reason.Program(ELEVEN, true), true));
        assertThat(DecisionFunction.decide(with(s, Optional.empty(), Optional.empty(), true)))
                .isEqualTo(new Decision(100, new Reason.Presence(), true));
        assertThat(DecisionFunction.decide(with(s, Optional.empty(), Optional.of(PLATFORM), true)))
                .isEqualTo(new Decision(70, new Reason.Overridden(LampOverride.Source.PLATFORM, "server 1"), true));
        assertThat(DecisionFunction.decide(with(s, Optional.of(CREW), Optional.of(PLATFORM), true)))
                .isEqualTo(new Decision(100, new Reason.Overridden(LampOverride.Source.MAINTENANCE, "uid 1000"), true));
    }

    @Test
    void presenceBoostsOnlyAtNightAndOnlyUpwards() {
        Situation day = light(night(), true, PhotocellMode.BACKUP, Daylight.UNKNOWN, DAY);
        assertThat(DecisionFunction.decide(with(day, Optional.empty(), Optional.empty(), true)).level()).isZero();
        Situation full = light(night(), true, PhotocellMode.BACKUP, Daylight.UNKNOWN, new ProgramLevel(true, 100, ELEVEN));
        assertThat(DecisionFunction.decide(with(full, Optional.empty(), Optional.empty(), true)).reason())
                .isInstanceOf(Reason.Program.class);
        Situation partNight = light(night(), true, PhotocellMode.BACKUP, Daylight.UNKNOWN, new ProgramLevel(true, 0, ELEVEN));
        assertThat(DecisionFunction.decide(with(partNight, Optional.empty(), Optional.empty(), true)).level()).isEqualTo(100);
    }

    @Test
    void aPlatformOverrideCanSwitchTheLampOffAtNight() {
        LampOverride off = new LampOverride(0, Optional.of(LATER), LampOverride.Source.PLATFORM, "server 1");
        Decision d = DecisionFunction.decide(with(night(), Optional.empty(), Optional.of(off), true));
        assertThat(d.level()).isZero();
        assertThat(d.reason().describe()).isEqualTo("override by platform (server 1)");
    }

    @Test
    void backupPhotocellDecidesOnlyWhileTheClockIsNotTrusted() {
        assertThat(DecisionFunction.decide(light(night(), true, PhotocellMode.BACKUP, Daylight.LIGHT, NIGHT_40)).level())
                .isEqualTo(40);
        Decision untrustedLight = DecisionFunction.decide(light(night(), false, PhotocellMode.BACKUP, Daylight.LIGHT, NIGHT_40));
        assertThat(untrustedLight).isEqualTo(new Decision(0, new Reason.Photocell(false), false));
        // without a trusted clock the time of night is unknown: the switch-on level, not the 23:00 step
        Decision untrustedDark = DecisionFunction.decide(light(night(), false, PhotocellMode.BACKUP, Daylight.DARK, NIGHT_40));
        assertThat(untrustedDark).isEqualTo(new Decision(100, new Reason.Photocell(true), true));
    }

    @Test
    void replacingPhotocellDecidesDayAndNightAndTheProgramTheLevel() {
        assertThat(DecisionFunction.decide(light(night(), true, PhotocellMode.REPLACE, Daylight.LIGHT, NIGHT_40)).level()).isZero();
        assertThat(DecisionFunction.decide(light(night(), true, PhotocellMode.REPLACE, Daylight.DARK, NIGHT_40)).level())
                .isEqualTo(40);
        assertThat(DecisionFunction.decide(light(night(), true, PhotocellMode.REPLACE, Daylight.DARK, DAY)).level())
                .isEqualTo(100);
        // no reading: the program
        assertThat(DecisionFunction.decide(light(night(), true, PhotocellMode.REPLACE, Daylight.UNKNOWN, DAY)).level()).isZero();
    }

    @Test
    void withNeitherTrustedClockNorLightReadingTheLampStaysLit() {
        Decision d = DecisionFunction.decide(light(night(), false, PhotocellMode.BACKUP, Daylight.UNKNOWN, DAY));
        assertThat(d.level()).isEqualTo(100);
        assertThat(d.reason().describe()).isEqualTo("lit to be safe (clock not synchronised, no light reading)");
        Decision off = DecisionFunction.decide(light(night(), false, PhotocellMode.OFF, Daylight.DARK, DAY));
        assertThat(off.reason().describe()).isEqualTo("lit to be safe (clock not synchronised, photocell off)");
    }
}
