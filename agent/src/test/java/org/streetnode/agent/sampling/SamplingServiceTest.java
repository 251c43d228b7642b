package org.streetnode.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.config.SamplingConfig;
import org.streetnode.agent.config.SensorSpec;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.time.ScaledClock;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.emulator.BoardNode;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.emulator.Sds011Emulator;
import org.streetnode.drivers.hotplug.HotplugBoardIo;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sds011.Sds011;
import org.streetnode.drivers.sim.ManualClock;

/** The sampler's threads with one sensor hanging and one failing: the third keeps its period. */
class SamplingServiceTest {
    private static final Instant T0 = Instant.parse("2026-01-15T22:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final CountDownLatch releaseHungRead = new CountDownLatch(1);
    private final ReadingBus bus = new ReadingBus();
    private final Health health = new Health(clock);
    private final List<Reading> published = new CopyOnWriteArrayList<>();
    private SamplingService sampling;

    @BeforeAll
    static void pollFast() {
        Awaitility.setDefaultPollInterval(Duration.ofMillis(2));
    }

    @AfterAll
    static void pollNormally() {
        Awaitility.reset();
    }

    @AfterEach
    void stop() throws Exception {
        releaseHungRead.countDown();
        if (sampling != null) {
            sampling.stop();
        }
    }

    /** A sensor answering with a temperature that moves each read. */
    private static Sensor steady() {
        return new FakeSensor("STEADY") {
            double t = 10;

            @Override
            public List<Measurement> read() {
                t += 0.01;
                return List.of(new Measurement(Quantity.TEMPERATURE, t));
            }
        };
    }

    private Sensor hanging() {
        return new FakeSensor("HANGING") {
            @Override
            public List<Measurement> read() {
                try {
                    releaseHungRead.await(); // like an I2C transfer stuck in the kernel
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of(new Measurement(Quantity.HUMIDITY, 50));
            }
        };
    }

    private static Sensor failing() {
        return new FakeSensor("FAILING") {
            @Override
            public List<Measurement> read() throws SensorException {
                throw new SensorException(new SensorFault.NoAck(1, 0x76));
            }
        };
    }

    private static Board.ConfiguredSensor sensor(String id, Sensor driver) {
        return new Board.ConfiguredSensor(new SensorSpec.Bme280(id, 1, 0x76, Optional.of(Duration.ofSeconds(10))), driver);
    }

    private long readingsOf(String id) {
        return published.stream().filter(r -> r.sensorId().equals(id)).count();
    }

    private SensorStatus status(String id) {
        return sampling.statuses().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void onADemosFastClockTheSchedulerSleepsTheRealTimeUntilTheNextReadNotTheClocksSpan() throws Exception {
        ScaledClock fast = ScaledClock.startingAt(T0, 100); // a 10 s period is 100 ms of real time
        Board board = new Board(new EmulatedBoardIo(fast, Delay.sleeping()), List.of(sensor("steady", steady())),
                Optional.empty(), Optional.empty());
        bus.subscribe(published::add);
        sampling = new SamplingService(() -> board, new SamplingConfig(Duration.ofSeconds(60), Duration.ofSeconds(2), 30),
                bus, new Health(fast), fast, () -> true, AgentThreads.dedicated());
        sampling.start();
        // sleeping the clock's 10 s in real time (up to the 1 s cap) would give three or four reads in these 3 s
        await().atMost(Duration.ofSeconds(3)).until(() -> readingsOf("steady") >= 10);
    }

    @Test
    void aHangingAndAFailingSensorNeverDelayTheOthers() throws Exception {
        Board board = new Board(new EmulatedBoardIo(clock, clock.delay()), List.of(sensor("steady", steady()),
                sensor("hanging", hanging()), sensor("failing", failing())), Optional.empty(), Optional.empty());
        bus.subscribe(published::add);
        sampling = new SamplingService(() -> board, new SamplingConfig(Duration.ofSeconds(60), Duration.ofSeconds(2), 30),
                bus, health, clock, () -> true, AgentThreads.dedicated());
        sampling.start();

        await().until(() -> readingsOf("steady") == 1);
        for (int second = 1; second <= 60; second++) {
            clock.advance(Duration.ofSeconds(1));
            sampling.wake();
            long expected = 1 + second / 10;
            await().until(() -> readingsOf("steady") == expected);
        }

        List<Instant> times = new ArrayList<>(published.stream().filter(r -> r.sensorId().equals("steady"))
                .map(Reading::timestamp).toList());
        assertThat(times).hasSize(7);
        for (int i = 0; i < times.size(); i++) {
            assertThat(times.get(i)).isEqualTo(T0.plusSeconds(10L * i));
        }

        assertThat(readingsOf("hanging")).isZero();
        assertThat(status("hanging").health()).isEqualTo(SensorHealth.FAILED);
        assertThat(status("hanging").lastError()).contains("read timed out after 2000 ms: the device or its bus hangs");

        // failing: at 0 s, then retries at 5 s, 15 s (FAILED), 35 s
        assertThat(status("failing").health()).isEqualTo(SensorHealth.FAILED);
        assertThat(status("failing").consecutiveFailures()).isEqualTo(4);
        assertThat(status("failing").nextAttempt()).contains(T0.plusSeconds(75));
        assertThat(health.faults()).extracting(Fault::source).containsExactlyInAnyOrder("sensor:hanging", "sensor:failing");
        assertThat(health.fault("sensor:failing")).hasValueSatisfying(f ->
                assertThat(f.message()).isEqualTo("sensor failing failed: no ACK at 0x76 on i2c-1"));
        assertThat(health.errorCodes()).containsExactly(8);

        // the hung read returns at last: the sensor recovers and its fault clears
        releaseHungRead.countDown();
        await().until(() -> readingsOf("hanging") == 1);
        assertThat(status("hanging").health()).isEqualTo(SensorHealth.OK);
        assertThat(health.fault("sensor:hanging")).isEmpty();
    }

    /**
     * A BME280 on i2c-1, an SDS011 on a USB adapter and a PIR on GPIO23, through the hot-pluggable
     * ports the agent's board uses, over emulators; "steady" needs no device. The adapter and the
     * PIR's line are missing at start; later the bus, the adapter and the line all go, and come back.
     */
    @Test
    void devicesMissingAtStartOrGoneFailOnlyTheirSensorsAtOnceAndAreReadAgainOnceBack() throws Exception {
        EmulatedBoardIo io = new EmulatedBoardIo(clock, clock.delay());
        io.attach(1, 0x76, new Bme280Emulator(clock)).setConditions(-2, 85, 1005);
        io.attach("/dev/ttyUSB0", new Sds011Emulator(T0.minusSeconds(10), 0x5A5A)).setConcentrations(8, 12);
        PirEmulator motion = new PirEmulator(io.pin(23));
        HotplugBoardIo ports = new HotplugBoardIo(io);
        Duration period = Duration.ofSeconds(10);
        Board board = new Board(ports, List.of(
                new Board.ConfiguredSensor(new SensorSpec.Bme280("air", 1, 0x76, Optional.of(period)),
                        new Bme280(ports.i2c(1, 0x76), ports.delay())),
                new Board.ConfiguredSensor(new SensorSpec.Sds011("usb-pm", "/dev/ttyUSB0", Optional.of(period)),
                        new Sds011(ports.serial("/dev/ttyUSB0", Sds011.BAUD), ports.clock())),
                new Board.ConfiguredSensor(new SensorSpec.Pir("pole-pir", 23, SensorSpec.Pull.DOWN, Duration.ZERO,
                        Duration.ofSeconds(5), Optional.of(period)),
                        new PirSensor(ports.digitalInput(23, Pull.DOWN, Duration.ZERO), ports.clock(), Duration.ofSeconds(5))),
                sensor("steady", steady())), Optional.empty(), Optional.empty());
        BoardNode usb = BoardNode.serial("/dev/ttyUSB0");
        BoardNode line = BoardNode.gpio(23);
        BoardNode bus = BoardNode.i2cBus(1);
        io.unplug(usb);
        io.unplug(line);
        this.bus.subscribe(published::add);
        sampling = new SamplingService(() -> board, new SamplingConfig(Duration.ofSeconds(60), Duration.ofSeconds(2), 0),
                this.bus, health, clock, () -> true, AgentThreads.dedicated());
        sampling.start();

        await().until(() -> status("usb-pm").health() == SensorHealth.FAILED && status("pole-pir").health() == SensorHealth.FAILED
                && status("air").health() == SensorHealth.OK && status("steady").health() == SensorHealth.OK);
        assertThat(status("usb-pm").lastError()).contains("device unavailable: no serial device /dev/ttyUSB0");
        assertThat(status("pole-pir").lastError()).contains("device unavailable: GPIO23 cannot be requested: the line is not there");
        // the sensor's status turns FAILED a moment before its worker raises the fault
        await().untilAsserted(() -> assertThat(health.faults()).extracting(Fault::message).containsExactlyInAnyOrder(
                "sensor usb-pm failed: device unavailable: no serial device /dev/ttyUSB0",
                "sensor pole-pir failed: device unavailable: GPIO23 cannot be requested: the line is not there"));
        assertThat(health.errorCodes()).containsExactly(8);

        // retried 5, 10, 20, 40, 60, 60 s apart; the others keep their period throughout
        List<Long> waits = new ArrayList<>();
        Instant attempt = T0;
        for (int failures = 1; failures <= 6; failures++) {
            Instant next = status("usb-pm").nextAttempt().orElseThrow();
            waits.add(Duration.between(attempt, next).toSeconds());
            attempt = next;
            advanceTo(next);
            int expected = failures + 1;
            await().until(() -> status("usb-pm").consecutiveFailures() == expected
                    && status("usb-pm").nextAttempt().isPresent());
        }
        assertThat(waits).containsExactly(5L, 10L, 20L, 40L, 60L, 60L);
        assertThat(readingsOf("air")).isGreaterThan(15);
        assertThat(readingsOf("usb-pm")).isZero();

        io.plug(usb); // plugged in
        io.plug(line);
        motion.output(true, clock.instant());
        advanceTo(status("usb-pm").nextAttempt().orElseThrow());
        await().until(() -> status("usb-pm").health() == SensorHealth.OK && status("pole-pir").health() == SensorHealth.OK);
        await().until(() -> readingsOf("usb-pm") == 2 && health.faults().isEmpty());
        assertThat(published.stream().filter(r -> r.sensorId().equals("usb-pm") && r.quantity() == Quantity.PM10)
                .map(Reading::value)).containsExactly(12.0);

        // the bus, the adapter and the line go while in use: each sensor fails at its first try
        Map<String, Integer> failuresWhenRaised = new ConcurrentHashMap<>();
        health.onChange(faults -> faults.forEach(f -> failuresWhenRaised.putIfAbsent(f.source(),
                status(f.source().substring("sensor:".length())).consecutiveFailures())));
        io.unplug(bus);
        io.unplug(usb);
        io.unplug(line);
        advanceTo(clock.instant().plus(period));
        await().until(() -> health.faults().size() == 3);
        assertThat(failuresWhenRaised).containsOnly(Map.entry("sensor:air", 1), Map.entry("sensor:usb-pm", 1),
                Map.entry("sensor:pole-pir", 1));
        assertThat(health.fault("sensor:air").orElseThrow().message())
                .isEqualTo("sensor air failed: device unavailable: 0x76 on i2c-1: /dev/i2c-1 does not exist");

        io.plug(bus);
        io.plug(usb);
        io.plug(line);
        advanceTo(sampling.statuses().stream().map(st -> st.nextAttempt().orElseThrow()).max(Instant::compareTo).orElseThrow());
        await().until(() -> health.faults().isEmpty());
        assertThat(sampling.statuses()).extracting(SensorStatus::health).containsOnly(SensorHealth.OK);
    }

    /** Moves the clock to {@code t} a second at a time, letting the sampler act at each. */
    private void advanceTo(Instant t) {
        while (clock.instant().isBefore(t)) {
            Duration step = Duration.between(clock.instant(), t);
            clock.advance(step.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : step);
            sampling.wake();
            await().until(() -> sampling.statuses().stream().allMatch(st -> st.nextAttempt().isPresent()
                    && st.nextAttempt().get().isAfter(clock.instant())));
        }
    }

    private abstract static class FakeSensor implements Sensor {
        private final String model;

        FakeSensor(String model) {
            this.model = model;
        }

        @Override
        public String model() {
            return model;
        }

        @Override
        public Set<Quantity> quantities() {
            return Set.of(Quantity.TEMPERATURE);
        }

        @Override
        public void init() {
        }
    }

    @Test
    void theSchedulerSleepsUntilTheNextReadNotASecondAtATime() {
        Instant now = Instant.parse("2025-12-21T12:00:00Z");
        java.time.Clock real = java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        assertThat(SamplingService.idleWait(real, now, Optional.of(now.plusSeconds(10)))).isEqualTo(Duration.ofSeconds(10));
        assertThat(SamplingService.idleWait(real, now, Optional.of(now.plus(Duration.ofHours(1))))).isEqualTo(Duration.ofMinutes(1));
        assertThat(SamplingService.idleWait(real, now, Optional.empty())).isEqualTo(Duration.ofMinutes(1));
        assertThat(SamplingService.idleWait(ScaledClock.startingAt(now, 60), now, Optional.of(now.plusSeconds(60))))
                .as("a demo's fast clock: the span divided by the speed").isEqualTo(Duration.ofSeconds(1));
    }
}
