package org.streetnode.agent.lighting;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.streetnode.agent.config.LightingConfig;
import org.streetnode.agent.config.LightingConfig.PhotocellMode;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lighting.monitor.CounterStore;
import org.streetnode.agent.lighting.monitor.LampMonitor;
import org.streetnode.agent.program.ProgramFormat;
import org.streetnode.agent.program.SolarClock;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.hotplug.HotplugBoardIo;
import org.streetnode.drivers.lamp.Contact;
import org.streetnode.drivers.lamp.Dimmer;
import org.streetnode.drivers.lamp.DimmingCurve;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.lamp.Relay;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sim.ManualClock;

/**
 * The lighting engine on emulated hardware and a manual clock, stepped by the test: the real
 * lamp (relay and dimmer drivers on emulated GPIO and PWM, through the hot-pluggable ports the
 * agent's board uses), a real PIR driver on an emulated pin, the real photocell, overrides and
 * monitor. Jena, Europe/Berlin.
 */
final class EngineRig {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final int RELAY_PIN = 17;
    static final int PIR_PIN = 23;
    static final Duration RAMP_UP = Duration.ofMillis(500);
    static final Duration RAMP_DOWN = Duration.ofSeconds(10);
    static final Duration PRESENCE_HOLD = Duration.ofSeconds(60);

    /** A change of the decision's reason: when, to which level, why. */
    record Change(Instant at, double target, Reason reason) {
        LocalDateTime local() {
            return LocalDateTime.ofInstant(at, BERLIN);
        }
    }

    final ManualClock clock;
    final EmulatedBoardIo io;
    final OpenLog opens;
    final Lamp lamp;
    final PirEmulator pirOutput;
    final Overrides overrides = new Overrides();
    final Photocell photocell = new Photocell(new PhotocellThresholds(30, 60), Duration.ofSeconds(60), Duration.ofMinutes(5));
    final Health health;
    final LampMonitor monitor;
    final LightingEngine engine;
    final AtomicBoolean clockTrusted = new AtomicBoolean(true);
    final List<Change> changes = new ArrayList<>();

    EngineRig(Path dataDir, String start, String program, PhotocellMode mode) throws Exception {
        clock = new ManualClock(local(start));
        io = new EmulatedBoardIo(clock, clock.delay());
        opens = new OpenLog(io);
        HotplugBoardIo ports = new HotplugBoardIo(opens);
        lamp = new Lamp(new Relay(ports.digitalOutput(RELAY_PIN, Relay.releasedLevel(true)), true, Contact.NORMALLY_CLOSED),
                new Dimmer(ports.pwm(0, 0, 1000), 10, DimmingCurve.gamma(2.2)));
        pirOutput = new PirEmulator(io.pin(PIR_PIN));
        PirSensor pir = new PirSensor(io.digitalInput(PIR_PIN, Pull.DOWN, Duration.ofMillis(50)), clock, Duration.ofSeconds(10));
        pir.init();
        health = new Health(clock);
        monitor = new LampMonitor(LightingConfig.defaults().monitor(), Optional.empty(), Duration.ofMinutes(5), BERLIN,
                new CounterStore(dataDir), health, AgentThreads.dedicated().of("lamp-counters"));
        monitor.start(clock.instant());
        engine = new LightingEngine(lamp, new LightingEngine.Settings(mode, 100, RAMP_UP, RAMP_DOWN),
                ProgramFormat.parse(program), overrides, new Presence(List.of(pir), PRESENCE_HOLD), photocell,
                new SolarClock(50.927, 11.586, BERLIN), clockTrusted::get, monitor, health, new CopyOnWriteArrayList<>());
    }

    static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(BERLIN).toInstant();
    }

    Instant now() {
        return clock.instant();
    }

    /** One step at the clock's present. */
    void step() {
        io.tick();
        engine.step(clock.instant());
        Decision d = engine.decision().orElseThrow();
        if (changes.isEmpty() || !changes.getLast().reason().equals(d.reason())) {
            changes.add(new Change(clock.instant(), d.level(), d.reason()));
        }
    }

    /** Steps every {@code step} for {@code total}. */
    void run(Duration total, Duration step) {
        Instant end = clock.instant().plus(total);
        while (clock.instant().isBefore(end)) {
            clock.advance(step);
            step();
        }
    }

    /**
     * Steps as the lighting thread does when nothing wakes it: every ramp tick while a ramp runs,
     * otherwise at the engine's next due instant, up to {@code localTime}. Returns the steps taken.
     */
    int runByDueTo(String localTime) {
        Instant end = local(localTime);
        int steps = 0;
        while (true) {
            Instant now = clock.instant();
            Instant due = engine.ramping(now) ? now.plusMillis(LightingService.RAMP_TICK_MS) : engine.nextDue(now);
            if (due.isAfter(end)) {
                clock.advance(Duration.between(now, end));
                return steps;
            }
            clock.advance(Duration.between(now, due));
            step();
            steps++;
        }
    }

    void runTo(String localTime, Duration step) {
        run(Duration.between(clock.instant(), local(localTime)), step);
    }

    LampControl.LampStatus status() {
        return engine.status();
    }

    /** The level the lamp was last set to. */
    double level() {
        return lamp.level();
    }

    /** What the hardware shows: the PWM duty, and the relay (lamp lit or not). */
    double duty() {
        return io.pwmOutput(0, 0).orElseThrow().dutyCycle();
    }

    boolean lit() {
        return lamp.on();
    }

    void motion(boolean seen) {
        pirOutput.output(seen, clock.instant());
    }

    void light(double lux) {
        photocell.reading(lux, clock.instant());
    }
}
