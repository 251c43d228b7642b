package org.streetnode.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [lighting]} and {@code [lighting.monitor]}: defaults and located problems. */
class LightingConfigTest {
    @TempDir
    Path dir;

    private String with(String lighting) {
        return TestConfigs.minimal(dir, "coaps://p:5684") + "\n[lighting]\n" + lighting + "\n";
    }

    private List<ConfigProblem> problems(String text) throws IOException {
        Path file = TestConfigs.write(dir, text);
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file)).problems();
    }

    @Test
    void defaults() throws Exception {
        LightingConfig l = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684"))).lighting();
        assertThat(l).isEqualTo(LightingConfig.defaults());
        assertThat(l.program().format()).isEqualTo("dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off");
        assertThat(l.onStop()).isEqualTo(LightingConfig.StopAction.FAIL_SAFE);
        assertThat(l.photocell()).isEqualTo(LightingConfig.PhotocellMode.BACKUP);
        assertThat(l.photocellSensor()).isEmpty();
        assertThat(l.monitor().countersInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theShippedConfigStatesTheDefaults() throws Exception {
        String shipped = Files.readString(Path.of("../config/streetnode.toml"));
        String lighting = shipped.substring(shipped.indexOf("[lighting]"), shipped.indexOf("[logging]"));
        LightingConfig l = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684") + "\n" + lighting))
                .lighting();
        assertThat(l).isEqualTo(LightingConfig.defaults());
    }

    @Test
    void readsEveryKey() throws Exception {
        LightingConfig l = ConfigLoader.load(TestConfigs.write(dir, with("""
                on_stop = "keep"
                program = "18:00 80, 00:30 off, 05:00 60, dawn off"
                ramp_up = "1s"
                ramp_down = "30s"
                presence_boost = 70
                presence_hold = "2m"
                photocell = "replace"
                photocell_sensor = "light"
                on_lux = 15.0
                off_lux = 45.0
                photocell_delay = "2m"

                [lighting.monitor]
                min_on_current = 0.2
                max_off_current = 0.02
                min_supply_voltage = 20.0
                failure_delay = "1m"
                cycling_switches = 6
                cycling_window = "1h"
                full_power_watts = 58.5
                counters_interval = "5m"
                """))).lighting();
        assertThat(l.onStop()).isEqualTo(LightingConfig.StopAction.KEEP);
        assertThat(l.program().format()).isEqualTo("18:00 80, 00:30 off, 05:00 60, dawn off");
        assertThat(l.rampUp()).isEqualTo(Duration.ofSeconds(1));
        assertThat(l.rampDown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(l.presenceBoost()).isEqualTo(70);
        assertThat(l.presenceHold()).isEqualTo(Duration.ofMinutes(2));
        assertThat(l.photocell()).isEqualTo(LightingConfig.PhotocellMode.REPLACE);
        assertThat(l.photocellSensor()).isEqualTo(Optional.of("light"));
        assertThat(l.onLux()).isEqualTo(15);
        assertThat(l.offLux()).isEqualTo(45);
        assertThat(l.photocellDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(l.monitor()).isEqualTo(new LightingConfig.Monitor(0.2, 0.02, 20, Duration.ofMinutes(1), 6,
                Duration.ofHours(1), 58.5, Duration.ofMinutes(5)));
    }

    @Test
    void aBadProgramIsReportedAtItsLine() throws IOException {
        String text = with("program = \"dusk+10m 100, 23:00 140, dawn-10m off\"");
        assertThat(problems(text)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lighting.program");
            assertThat(p.line()).isEqualTo(text.lines().toList().indexOf("program = \"dusk+10m 100, 23:00 140, dawn-10m off\"") + 1);
            assertThat(p.message()).isEqualTo("step 2 \"23:00 140\": level 140 is outside 0-100 %");
        });
    }

    @Test
    void offLuxMustBeAboveOnLux() throws IOException {
        assertThat(problems(with("on_lux = 50.0\noff_lux = 40.0"))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lighting.off_lux");
            assertThat(p.message()).startsWith("must be above on_lux (50.0 lx)");
        });
    }

    @Test
    void thePhotocellSensorMustBeALightSensorOfTheBoard() throws IOException {
        assertThat(problems(with("photocell_sensor = \"air\""))).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lighting.photocell_sensor");
            assertThat(p.message()).isEqualTo("sensor \"air\" is a bme280; the photocell needs a bh1750");
        });
        assertThat(problems(with("photocell_sensor = \"sky\""))).singleElement().satisfies(p ->
                assertThat(p.message()).isEqualTo("the board profile has no [[sensor]] with id \"sky\""));
    }

    @Test
    void monitorKeysAreRangeChecked() throws IOException {
        assertThat(problems(with("[lighting.monitor]\ncounters_interval = \"1s\"\ncycling_switches = 1")))
                .extracting(ConfigProblem::key).containsExactly("lighting.monitor.counters_interval",
                        "lighting.monitor.cycling_switches");
    }
}
