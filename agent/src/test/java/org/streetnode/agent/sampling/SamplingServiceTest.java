package org.streetnode.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
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
    void aHangingAndAFailingSensorNeverDelayTheOthers() throws Exception {
        Board board = new Board(new EmulatedBoardIo(clock, clock.delay()), List.of(sensor("steady", steady()),
                sensor("hanging", hanging()), sensor("failing", failing())), Optional.empty(), Optional.empty());
        bus.subscribe(published::add);
        sampling = new SamplingService(() -> board, new SamplingConfig(Duration.ofSeconds(60), Duration.ofSeconds(2), 30),
                bus, health, clock, () -> true);
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
}
