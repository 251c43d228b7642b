package org.streetnode.agent.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramFormatTest {

    @Test
    void readsTheCitysExample() throws Exception {
        Program p = ProgramFormat.parse("dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off");
        assertThat(p.steps()).containsExactly(
                new ProgramStep(new TimeOfNight.Solar(SolarEvent.DUSK, Duration.ofMinutes(10)), 100),
                new ProgramStep(new TimeOfNight.At(LocalTime.of(23, 0)), 40),
                new ProgramStep(new TimeOfNight.At(LocalTime.of(5, 30)), 100),
                new ProgramStep(new TimeOfNight.Solar(SolarEvent.DAWN, Duration.ofMinutes(-10)), 0));
        assertThat(p.format()).isEqualTo("dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off");
    }

    @Test
    void acceptsTheUsualVariations() throws Exception {
        Program p = ProgramFormat.parse("""
                Sunset 100%
                civil-dusk+1h 62.5 ;
                0:15 on; sunrise off
                """);
        assertThat(p.format()).isEqualTo("dusk 100, civil-dusk+1h 62.5, 00:15 100, dawn off");
        assertThat(ProgramFormat.parse(p.format())).isEqualTo(p);
    }

    @Test
    void refusesWhatIsNotAProgramWithAClearMessage() {
        assertRefused("", "the program is empty");
        assertRefused("dusk 100", "at least two steps");
        assertRefused("dusk 0, dawn off", "the first step (dusk off) must switch the lamp on");
        assertRefused("dusk 100, dawn 20", "the last step (dawn 20) must switch the lamp off");
        assertRefused("dusk 100, 23:00 140, dawn off", "step 2 \"23:00 140\": level 140 is outside 0-100 %");
        assertRefused("dusk 100, 24:00 40, dawn off", "step 2 \"24:00 40\": 24:00 is not a time of day");
        assertRefused("dusk 100, 23:61 40, dawn off", "23:61 is not a time of day");
        assertRefused("noon 100, dawn off", "\"noon\" is not a time");
        assertRefused("dusk+10 100, dawn off", "\"10\" is not an offset");
        assertRefused("dusk+5h 100, dawn off", "an offset from dusk may be at most 4h, not 5h");
        assertRefused("dusk 100, 23:00 forty, dawn off", "\"forty\" is not a level");
        assertRefused("dusk 100 23:00 40", "expected a time and a level");
        assertRefused("dusk 100, 23:00 40, 23:00 30, dawn off", "steps 2 and 3 are both at 23:00");
        assertRefused("sunset 100, dusk 50, dawn off", "steps 1 and 2 are both at dusk");
    }

    @Test
    void limitsTheNumberOfSteps() {
        StringBuilder b = new StringBuilder("dusk 100");
        for (int h = 0; h < Program.MAX_STEPS; h++) {
            b.append(", ").append(String.format("%02d:30 50", h));
        }
        b.append(", dawn off");
        assertRefused(b.toString(), "at most 24 steps");
    }

    @Test
    void programsBuiltFromDataAreCheckedToo() {
        assertThatThrownBy(() -> Program.of(List.of(new ProgramStep(new TimeOfNight.At(LocalTime.of(18, 0)), 100))))
                .isInstanceOf(InvalidProgramException.class).hasMessageContaining("at least two steps");
        assertThatThrownBy(() -> new ProgramStep(new TimeOfNight.At(LocalTime.of(18, 0)), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> ProgramFormat.parse(text)).as(text).isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining(message);
    }
}
