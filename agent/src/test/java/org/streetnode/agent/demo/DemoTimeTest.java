package org.streetnode.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;

/** Where the demo's clock starts and how fast it runs, for the shipped defaults: Jena, Europe/Berlin, the default program. */
class DemoTimeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** The morning of the winter solstice and of the summer one: when a newcomer might try the demo. */
    private static final Instant WINTER_MORNING = Instant.parse("2025-12-21T09:30:00Z");
    private static final Instant SUMMER_MORNING = Instant.parse("2025-06-21T09:30:00Z");

    @TempDir
    Path dir;

    private StreetnodeConfig config;

    @BeforeEach
    void load() throws Exception {
        config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:5684")));
    }

    @Test
    void byDefaultItStartsTenMinutesBeforeTonightsSwitchOnAndTheNightPassesInAboutTenMinutes() {
        DemoTime winter = choice(Optional.empty(), Optional.empty()).resolve(config, WINTER_MORNING);

        // Jena's sunset on 21 December is at 16:1x CET; the lamp switches on 10 min later
        assertThat(winter.night().evening()).isEqualTo(LocalDate.of(2025, 12, 21));
        assertThat(winter.night().on()).contains(winter.start().plus(Duration.ofMinutes(10)));
        assertThat(local(winter.start()).toLocalDate()).isEqualTo(LocalDate.of(2025, 12, 21));
        assertThat(local(winter.start()).toLocalTime()).isBetween(LocalTime.of(16, 0), LocalTime.of(16, 30));
        assertThat(realTimeToSwitchOff(winter)).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
        assertThat(winter.speed()).isBetween(90, 100);

        // the short summer night runs slower, so it too lasts about ten minutes
        DemoTime summer = choice(Optional.empty(), Optional.empty()).resolve(config, SUMMER_MORNING);
        assertThat(local(summer.start()).toLocalTime()).isBetween(LocalTime.of(21, 30), LocalTime.of(22, 0));
        assertThat(realTimeToSwitchOff(summer)).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
        assertThat(summer.speed()).isBetween(40, 50);
    }

    @Test
    void atTakesATimeOfTonightOrADateAndTimeInTheNodesZone() {
        DemoTime evening = choice(Optional.of("22:50"), Optional.of("60")).resolve(config, WINTER_MORNING);
        assertThat(local(evening.start())).isEqualTo(LocalDateTime.of(2025, 12, 21, 22, 50));
        assertThat(evening.speed()).isEqualTo(60);
        assertThat(evening.night().evening()).isEqualTo(LocalDate.of(2025, 12, 21));

        // before noon is the morning after, as in a program; the night is still tonight's
        DemoTime morning = choice(Optional.of("5:20"), Optional.empty()).resolve(config, WINTER_MORNING);
        assertThat(local(morning.start())).isEqualTo(LocalDateTime.of(2025, 12, 22, 5, 20));
        assertThat(morning.night().evening()).isEqualTo(LocalDate.of(2025, 12, 21));
        assertThat(morning.speed()).as("the default speed follows the night shown").isBetween(90, 100);

        DemoTime midsummer = choice(Optional.of("2025-06-21T23:00"), Optional.of("1")).resolve(config, WINTER_MORNING);
        assertThat(local(midsummer.start())).isEqualTo(LocalDateTime.of(2025, 6, 21, 23, 0));
        assertThat(midsummer.speed()).isEqualTo(1);
        assertThat(midsummer.night().evening()).isEqualTo(LocalDate.of(2025, 6, 21));
    }

    @Test
    void theFirstLinesSayWhenTheDemoStartsHowFastAndTonightsSteps() {
        DemoTime time = choice(Optional.of("2025-12-21T22:50"), Optional.of("60")).resolve(config, WINTER_MORNING);
        assertThat(time.describe(BERLIN)).matches("2025-12-21 22:50 \\(Europe/Berlin\\) at 60x real time; tonight: "
                + "16:\\d\\d 100 % \\(dusk\\+10m\\), 23:00 40 %, 05:30 100 %, 0[78]:\\d\\d off \\(dawn-10m\\)");

        // a summer dawn comes before 05:30: that step does nothing and is not shown
        DemoTime summer = choice(Optional.empty(), Optional.empty()).resolve(config, SUMMER_MORNING);
        assertThat(summer.describe(BERLIN)).matches("2025-06-21 21:\\d\\d \\(Europe/Berlin\\) at \\d+x real time; tonight: "
                + "21:\\d\\d 100 % \\(dusk\\+10m\\), 23:00 40 %, 04:\\d\\d off \\(dawn-10m\\)");
    }

    @Test
    void whereTheSunDoesNotSetTheDemoStartsNowAndSaysSo() throws Exception {
        StreetnodeConfig svalbard = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:5684")
                + "\n[location]\nlatitude = 78.22\nlongitude = 15.65\n"));
        DemoTime time = choice(Optional.empty(), Optional.empty()).resolve(svalbard, SUMMER_MORNING);

        assertThat(time.start()).isEqualTo(SUMMER_MORNING);
        assertThat(time.speed()).isEqualTo(DemoTime.SPEED_WITHOUT_NIGHT);
        assertThat(time.describe(BERLIN)).endsWith("tonight: the program does not switch the lamp on");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "121", "-5", "1.5", "fast", "", "99999999999"})
    void aSpeedThatIsNotAWholeNumberFromOneTo120IsRefused(String speed) {
        assertThatThrownBy(() -> choice(Optional.empty(), Optional.of(speed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--speed: not a whole number from 1 (real time) to 120: \"" + speed + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"25:00", "22:60", "dusk", "2025-13-01T10:00", "2025-12-21", "22.50", ""})
    void anAtThatIsNotATimeIsRefused(String at) {
        assertThatThrownBy(() -> choice(Optional.of(at), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--at: not a time: \"" + at + "\" (write 22:50 for tonight");
    }

    private static DemoTime.Choice choice(Optional<String> at, Optional<String> speed) {
        return DemoTime.Choice.parse(at, speed);
    }

    private static LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, BERLIN);
    }

    private static Duration realTimeToSwitchOff(DemoTime time) {
        return Duration.between(time.start(), time.night().off().orElseThrow()).dividedBy(time.speed());
    }
}
