package org.streetnode.agent.lighting;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.board.BoardFactory;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.drivers.emulator.EmulatedDigitalOutput;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.sim.DeviceAddress;
import org.streetnode.drivers.sim.ManualClock;
import org.streetnode.drivers.sim.SimulatedBoard;

/**
 * The lighting service on the shipped simulated board profile (relay on GPIO17, active high,
 * lamp on the normally-closed contact; PWM 0/0; PIR on GPIO23; BH1750; INA219 "lamp-power"),
 * with its real thread and a manual clock, in Jena. Several services may run one after another
 * on the same data directory, as across restarts.
 */
final class ServiceRig implements AutoCloseable {
    final ManualClock clock;
    final StreetnodeConfig config;
    final Path dataDir;
    final AtomicBoolean clockTrusted = new AtomicBoolean(true);
    Board board;
    Health health;
    ReadingBus readings;
    LightingService service;

    ServiceRig(Path dir, String localStart, String lighting) throws Exception {
        clock = new ManualClock(local(localStart));
        config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:9")
                + "\n[lighting]\n" + lighting + "\n"));
        dataDir = config.node().dataDir();
        Files.createDirectories(dataDir);
    }

    static Instant local(String t) {
        return LocalDateTime.parse(t).atZone(EngineRig.BERLIN).toInstant();
    }

    /** Opens a fresh board (as after a reboot) and starts a service on it. */
    LightingService start() throws Exception {
        openBoard();
        return startService();
    }

    /** Opens a fresh board, as after a reboot. */
    void openBoard() throws Exception {
        board = BoardFactory.open(config.board(), config.location(), clock, clock.delay(), false);
    }

    /** Starts a service on the board opened. */
    LightingService startService() {
        health = new Health(clock);
        readings = new ReadingBus();
        service = new LightingService(config, () -> board, readings, health, clock, clockTrusted::get, AgentThreads.dedicated());
        service.start();
        return service;
    }

    /**
     * Waits (at most 2 s) for a condition while the manual clock runs, 25 ms per 10 ms of wall
     * clock: ramps move on the injected clock.
     */
    void awaitWhileTimeRuns(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            clock.advance(Duration.ofMillis(25));
            return condition.call();
        });
    }

    /** Stops the service; the board stays open to be looked at. */
    void stop() throws Exception {
        service.stop();
    }

    SimulatedBoard sim() {
        return board.simulation().orElseThrow();
    }

    double duty() {
        return sim().emulatedIo().pwmOutput(0, 0).orElseThrow().dutyCycle();
    }

    EmulatedDigitalOutput relay() {
        return sim().emulatedIo().output(17).orElseThrow();
    }

    double level() {
        return board.lamp().orElseThrow().level();
    }

    boolean lit() {
        return board.lamp().orElseThrow().on();
    }

    /** The duty the lamp's dimmer gives {@code level}. */
    double dutyFor(double level) {
        return board.lamp().orElseThrow().dimmer().dutyFor(level);
    }

    PirEmulator pir() {
        return (PirEmulator) sim().device(DeviceAddress.gpio(23));
    }

    @Override
    public void close() throws Exception {
        if (service != null) {
            service.stop();
        }
        if (board != null) {
            board.close();
        }
    }
}
