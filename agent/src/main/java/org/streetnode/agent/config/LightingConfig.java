package org.streetnode.agent.config;

import java.time.Duration;
import java.util.Optional;
import org.streetnode.agent.program.InvalidProgramException;
import org.streetnode.agent.program.Program;
import org.streetnode.agent.program.ProgramFormat;

/**
 * {@code [lighting]}: how the lamp is driven, and {@code [lighting.monitor]}: how it is watched.
 *
 * @param onStop what the agent does with the lamp when it stops cleanly (SIGTERM, upgrade)
 * @param program the default program, used until the platform or a crew stores another
 * @param rampUp how long a rise over the whole range (0 to 100 %) takes; shorter rises take proportionally less
 * @param rampDown how long a fall over the whole range takes
 * @param presenceBoost the level while someone is about at night (0: presence does not raise the level)
 * @param presenceHold how long the boost holds after the last motion
 * @param photocell how the light sensor takes part in deciding day and night
 * @param photocellSensor the light sensor's id; empty: the board's first BH1750
 * @param onLux below this illuminance (lx) it is dark
 * @param offLux above this illuminance (lx) it is light again (above {@code onLux}: hysteresis)
 * @param photocellDelay how long the illuminance must stay past a threshold before the photocell switches
 * @param monitor the lamp monitor's thresholds and counters
 */
public record LightingConfig(StopAction onStop, Program program, Duration rampUp, Duration rampDown,
        double presenceBoost, Duration presenceHold, PhotocellMode photocell, Optional<String> photocellSensor,
        double onLux, double offLux, Duration photocellDelay, Monitor monitor) {

    /** The example program of the city: full light in the evening, 40 % in the quiet hours, full again for the morning. */
    public static final String DEFAULT_PROGRAM = "dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off";

    /** The lamp's state after a clean stop. */
    public enum StopAction {
        /** Release the relay to the hardware's fail-safe state (the profile's {@code fail_safe}): the default. */
        FAIL_SAFE,
        /** Leave the lamp as it is. */
        KEEP,
        /** Switch the lamp off. */
        OFF
    }

    /** How the light sensor takes part in deciding day and night. */
    public enum PhotocellMode {
        /** Never: the program's clock alone (while the clock is not trusted the lamp stays lit). */
        OFF,
        /** The program's clock decides; the photocell decides while the clock is not trusted. The default. */
        BACKUP,
        /** The photocell decides when it is night; the program gives the levels. */
        REPLACE
    }

    /**
     * {@code [lighting.monitor]}: lamp failure rules (each must hold for {@code failureDelay}
     * before it is raised, and be gone as long before it is cleared) and counters.
     *
     * @param minOnCurrent amperes below which a lamp commanded on counts as failed
     * @param maxOffCurrent amperes above which a lamp commanded off counts as burning (day burner, relay stuck)
     * @param minSupplyVoltage volts below which the lamp supply counts as lost (while the lamp is commanded on)
     * @param failureDelay how long a failure must hold (debounce)
     * @param cyclingSwitches how many times the lamp may go dark by itself within {@code cyclingWindow} before it counts as cycling
     * @param cyclingWindow the window for {@code cyclingSwitches}
     * @param fullPowerWatts the lamp's draw at 100 %, for the energy-saved figure; 0: learn it from the meter
     * @param countersInterval how often energy, hours and switch counts are written to the data directory at most
     */
    public record Monitor(double minOnCurrent, double maxOffCurrent, double minSupplyVoltage, Duration failureDelay,
            int cyclingSwitches, Duration cyclingWindow, double fullPowerWatts, Duration countersInterval) {
        static Monitor read(ConfigTable t) {
            return new Monitor(
                    t.decimal("min_on_current", 0.1, 0, 100),
                    t.decimal("max_off_current", 0.05, 0, 100),
                    t.decimal("min_supply_voltage", 10.0, 0, 1000),
                    t.duration("failure_delay", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                    t.integer("cycling_switches", 4, 2, 1000),
                    t.duration("cycling_window", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofDays(1)),
                    t.decimal("full_power_watts", 0, 0, 100_000),
                    t.duration("counters_interval", Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofHours(1)));
        }
    }

    /** The defaults, as an empty {@code [lighting]} table gives them. */
    public static LightingConfig defaults() {
        try {
            return new LightingConfig(StopAction.FAIL_SAFE, ProgramFormat.parse(DEFAULT_PROGRAM), Duration.ofMillis(500),
                    Duration.ofSeconds(10), 100, Duration.ofSeconds(60), PhotocellMode.BACKUP, Optional.empty(), 30, 60,
                    Duration.ofSeconds(60), new Monitor(0.1, 0.05, 10.0, Duration.ofSeconds(30), 4, Duration.ofMinutes(30),
                            0, Duration.ofMinutes(1)));
        } catch (InvalidProgramException e) {
            throw new IllegalStateException("the default program does not parse: " + e.getMessage(), e);
        }
    }

    static LightingConfig read(ConfigTable t) {
        LightingConfig d = defaults();
        StopAction onStop = t.choice("on_stop", StopAction.FAIL_SAFE);
        String text = t.string("program", DEFAULT_PROGRAM);
        Program program = d.program();
        try {
            program = ProgramFormat.parse(text);
        } catch (InvalidProgramException e) {
            t.problem("program", e.getMessage());
        }
        Duration rampUp = t.duration("ramp_up", d.rampUp(), Duration.ZERO, Duration.ofMinutes(10));
        Duration rampDown = t.duration("ramp_down", d.rampDown(), Duration.ZERO, Duration.ofMinutes(10));
        double boost = t.decimal("presence_boost", d.presenceBoost(), 0, 100);
        Duration hold = t.duration("presence_hold", d.presenceHold(), Duration.ZERO, Duration.ofHours(1));
        PhotocellMode photocell = t.choice("photocell", PhotocellMode.BACKUP);
        Optional<String> sensor = t.optionalString("photocell_sensor").filter(s -> !s.isBlank());
        double onLux = t.decimal("on_lux", d.onLux(), 0, 100_000);
        double offLux = t.decimal("off_lux", d.offLux(), 0, 100_000);
        if (offLux <= onLux) {
            t.problem("off_lux", "must be above on_lux (" + onLux + " lx): the gap between them keeps the lamp from"
                    + " flickering at twilight");
        }
        Duration delay = t.duration("photocell_delay", d.photocellDelay(), Duration.ZERO, Duration.ofHours(1));
        Monitor monitor = Monitor.read(t.table("monitor"));
        return new LightingConfig(onStop, program, rampUp, rampDown, boost, hold, photocell, sensor, onLux, offLux,
                delay, monitor);
    }
}
