package org.streetnode.agent.lighting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.streetnode.agent.config.LightingConfig;
import org.streetnode.agent.config.LightingConfig.PhotocellMode;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lighting.monitor.CounterStore;
import org.streetnode.agent.lighting.monitor.LampMonitor;
import org.streetnode.agent.lighting.monitor.MonitorStatus;
import org.streetnode.agent.program.ProgramFormat;
import org.streetnode.agent.program.SolarClock;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.ina219.Ina219;
import org.streetnode.drivers.ina219.Ina219Settings;
import org.streetnode.drivers.lamp.Contact;
import org.streetnode.drivers.lamp.Dimmer;
import org.streetnode.drivers.lamp.DimmingCurve;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.lamp.Relay;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sim.LampWiring;
import org.streetnode.drivers.sim.ManualClock;
import org.streetnode.drivers.sim.SimulatedBoard;

/**
 * Energy over one simulated week in Jena: the default program with the presence boost against
 * the same nights at full power. Clock-driven: the real lighting engine, lamp, PIR, INA219 and
 * lamp monitor on the simulated board (60 W LED module on 24 V, seeded passers-by, lamp power
 * following relay and duty), stepped every simulated second (every 100 ms while a ramp runs),
 * the meter read every 10 s as sampling would. Energy on both sides is what the monitor
 * integrates from the INA219; no figure is computed from the program itself.
 *
 * <pre>{@code
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -Pbench -pl agent test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.streetnode.agent.lighting.WeekEnergySimulation
 * }</pre>
 */
public final class WeekEnergySimulation {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final double LAT = 50.927;
    private static final double LON = 11.586;
    private static final String ADAPTIVE = LightingConfig.DEFAULT_PROGRAM;
    private static final String FULL = "dusk+10m 100, dawn-10m off";
    private static final Duration STEP = Duration.ofSeconds(1);
    private static final Duration RAMP_STEP = Duration.ofMillis(100);
    private static final Duration METER_PERIOD = Duration.ofSeconds(10);

    private WeekEnergySimulation() {
    }

    /** What one simulated week gave. */
    record Week(MonitorStatus monitor, Duration boosted, int boosts) {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| week (Mon 12:00 to Mon 12:00) | lit h | full power kWh | adaptive kWh | saved | monitor's saved kWh | boosts | boosted h |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (LocalDate monday : List.of(LocalDate.of(2025, 12, 15), LocalDate.of(2025, 3, 17), LocalDate.of(2025, 6, 16))) {
            long t0 = System.nanoTime();
            Week full = run(monday, FULL, 0);
            Week adaptive = run(monday, ADAPTIVE, 100);
            double fullKWh = full.monitor().energyKWh();
            double adaptiveKWh = adaptive.monitor().energyKWh();
            System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %.3f | %.3f | %.1f %% | %.3f | %d | %.2f |",
                    monday, adaptive.monitor().burningHours(), fullKWh, adaptiveKWh, 100 * (1 - adaptiveKWh / fullKWh),
                    adaptive.monitor().energySavedKWh().orElse(Double.NaN), adaptive.boosts(),
                    adaptive.boosted().toSeconds() / 3600.0));
            System.err.println(String.format(Locale.ROOT, "%s simulated in %.1f s", monday, (System.nanoTime() - t0) / 1e9));
        }
    }

    static Week run(LocalDate monday, String program, double boost) throws Exception {
        Instant start = monday.atTime(LocalTime.NOON).atZone(BERLIN).toInstant();
        Instant end = start.plus(Duration.ofDays(7));
        ManualClock clock = new ManualClock(start);
        Path dir = Files.createTempDirectory("week-energy");
        // as the shipped simulated profile: relay GPIO17 active high on the normally-closed contact, PWM 0/0
        try (SimulatedBoard sim = SimulatedBoard.builder(clock, clock.delay()).seed(42).location(LAT, LON)
                .ina219(1, 0x40, 0.1).pir(23).lamp(new LampWiring(17, true, Contact.NORMALLY_CLOSED, 0, 0, 60, 24)).build()) {
            Lamp lamp = new Lamp(new Relay(sim.io().digitalOutput(17, Relay.releasedLevel(true)), true, Contact.NORMALLY_CLOSED),
                    new Dimmer(sim.io().pwm(0, 0, 1000), 10, DimmingCurve.gamma(2.2)));
            PirSensor pir = new PirSensor(sim.io().digitalInput(23, Pull.DOWN, Duration.ofMillis(50)), clock,
                    Duration.ofSeconds(60));
            pir.init();
            Ina219 meter = new Ina219(sim.io().i2c(1, 0x40), sim.io().delay(), new Ina219Settings(0.1, 3.2));
            meter.init();
            Health health = new Health(clock);
            LampMonitor monitor = new LampMonitor(LightingConfig.defaults().monitor(), Optional.of("lamp-power"),
                    Duration.ofMinutes(5), BERLIN, new CounterStore(dir), health,
                    AgentThreads.dedicated().of("lamp-counters"));
            monitor.start(start);
            Photocell unused = new Photocell(new PhotocellThresholds(30, 60), Duration.ofSeconds(60), Duration.ofMinutes(5));
            LightingEngine engine = new LightingEngine(lamp, new LightingEngine.Settings(PhotocellMode.BACKUP, boost,
                    Duration.ofMillis(500), Duration.ofSeconds(10)), ProgramFormat.parse(program), new Overrides(),
                    new Presence(List.of(pir), Duration.ofSeconds(60)), unused, new SolarClock(LAT, LON, BERLIN), () -> true,
                    monitor, health, new CopyOnWriteArrayList<>());

            Duration boosted = Duration.ZERO;
            int boosts = 0;
            boolean wasBoosted = false;
            Instant nextRead = start;
            engine.step(start);
            while (clock.instant().isBefore(end)) {
                Duration step = engine.ramping(clock.instant()) ? RAMP_STEP : STEP;
                clock.advance(step);
                sim.tick();
                Instant now = clock.instant();
                engine.step(now);
                boolean isBoosted = engine.decision().orElseThrow().reason() instanceof Reason.Presence;
                if (isBoosted) {
                    boosted = boosted.plus(step);
                    boosts += wasBoosted ? 0 : 1;
                }
                wasBoosted = isBoosted;
                if (!now.isBefore(nextRead)) {
                    for (Measurement m : meter.read()) {
                        monitor.accept(Reading.of("lamp-power", m, now, true));
                    }
                    nextRead = now.plus(METER_PERIOD);
                }
            }
            MonitorStatus status = monitor.status();
            monitor.stop(end);
            return new Week(status, boosted, boosts);
        }
    }
}
