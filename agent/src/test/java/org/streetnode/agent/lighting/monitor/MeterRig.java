package org.streetnode.agent.lighting.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.streetnode.agent.config.LightingConfig;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.emulator.Ina219Emulator;
import org.streetnode.drivers.ina219.Ina219;
import org.streetnode.drivers.ina219.Ina219Settings;
import org.streetnode.drivers.lamp.Contact;
import org.streetnode.drivers.lamp.Dimmer;
import org.streetnode.drivers.lamp.DimmingCurve;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.lamp.Relay;
import org.streetnode.drivers.sim.DeviceAddress;
import org.streetnode.drivers.sim.ManualClock;
import org.streetnode.drivers.sim.SimulatedBoard;

/**
 * The lamp monitor reading a real INA219 driver on the simulated board's INA219 emulator, with
 * the test playing the lamp: the relay and PWM the lamp driver sets decide what flows through
 * the shunt, unless the test breaks something (dead LEDs, a welded relay, a lost supply, a lamp
 * that keeps going out). A 60 W LED module on 24 V, as the simulated board's default.
 */
final class MeterRig implements AutoCloseable {
    static final String SENSOR = "lamp-power";
    static final Duration SAMPLE_PERIOD = Duration.ofSeconds(10);
    static final double RATED_WATTS = 60;
    static final double DRIVER_WATTS = 0.8;
    static final double SUPPLY_VOLTS = 24;
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    enum Trouble { NONE, DEAD_LEDS, WELDED_RELAY, SUPPLY_LOST, CYCLING }

    final ManualClock clock = new ManualClock(Instant.parse("2025-12-21T21:00:00Z"));
    final SimulatedBoard sim;
    final Ina219Emulator chip;
    final Ina219 meter;
    final Lamp lamp;
    final Health health = new Health(clock);
    final CounterStore store;
    final LampMonitor monitor;
    Trouble trouble = Trouble.NONE;

    MeterRig(Path dataDir) throws Exception {
        this(dataDir, LightingConfig.defaults().monitor());
    }

    MeterRig(Path dataDir, LightingConfig.Monitor config) throws Exception {
        // No lamp wiring in the simulation: the INA219 shows what this rig feeds it.
        sim = SimulatedBoard.builder(clock, clock.delay()).ina219(1, 0x40, 0.1).build();
        chip = (Ina219Emulator) sim.device(DeviceAddress.i2c(1, 0x40));
        meter = new Ina219(sim.io().i2c(1, 0x40), sim.io().delay(), new Ina219Settings(0.1, 3.2));
        meter.init();
        lamp = new Lamp(new Relay(sim.io().digitalOutput(17, Relay.releasedLevel(true)), true, Contact.NORMALLY_CLOSED),
                new Dimmer(sim.io().pwm(0, 0, 1000), 10, DimmingCurve.gamma(2.2)));
        store = new CounterStore(dataDir);
        monitor = new LampMonitor(config, Optional.of(SENSOR), Duration.ofMinutes(5), ZONE, store, health,
                AgentThreads.dedicated().of("lamp-counters"));
        monitor.start(clock.instant());
    }

    /** What the lighting engine does: sets the lamp and tells the monitor. */
    void command(double level) throws Exception {
        lamp.setLevel(level);
        monitor.commanded(level, clock.instant());
    }

    /** Time passes; the meter is read every {@link #SAMPLE_PERIOD}, the command reported as the engine would. */
    void run(Duration total) throws Exception {
        Instant end = clock.instant().plus(total);
        while (clock.instant().isBefore(end)) {
            clock.advance(SAMPLE_PERIOD);
            monitor.commanded(lamp.on() ? lamp.level() : 0, clock.instant());
            sample();
            monitor.persistIfDue(clock.instant());
        }
    }

    private void sample() throws Exception {
        Instant now = clock.instant();
        boolean lit = trouble == Trouble.WELDED_RELAY || lamp.on();
        if (trouble == Trouble.CYCLING && now.getEpochSecond() % 60 < 20) {
            lit = false; // dark 20 s of every minute: shorter than failure_delay, so not a plain failure
        }
        // An LED driver whose dim input reads 0 still runs at its minimum (10 %): it cannot switch off by dimming.
        double duty = Math.max(10, lamp.dimmer().dutyCycle());
        double watts = !lit ? 0
                : trouble == Trouble.DEAD_LEDS ? DRIVER_WATTS
                : RATED_WATTS * duty / 100 + DRIVER_WATTS;
        double volts = trouble == Trouble.SUPPLY_LOST ? 0 : SUPPLY_VOLTS;
        double amps = volts == 0 ? 0 : watts / volts;
        chip.setSupply(volts - 0.05 * amps, amps);
        for (Measurement m : meter.read()) {
            monitor.accept(Reading.of(SENSOR, m, now, true));
        }
    }

    MonitorStatus status() {
        return monitor.status();
    }

    /** Stops the monitor (its writer thread with it) and the simulated board. */
    @Override
    public void close() {
        monitor.stop(clock.instant());
        sim.close();
    }
}
