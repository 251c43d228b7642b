package org.streetnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.ads1115.Ads1115;
import org.streetnode.drivers.ads1115.AnalogChannel;
import org.streetnode.drivers.bh1750.Bh1750;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.ina219.Ina219;
import org.streetnode.drivers.ina219.Ina219Settings;
import org.streetnode.drivers.lamp.Dimmer;
import org.streetnode.drivers.lamp.DimmingCurve;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.lamp.Relay;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sds011.Sds011;
import org.streetnode.drivers.sht31.Sht31;

class SimulatedBoardTest {

    private static final Instant WINTER_NIGHT = Instant.parse("2025-01-15T23:00:00Z");
    private static final Instant SUMMER_NOON = Instant.parse("2025-06-21T11:00:00Z");

    private static SimulatedBoard board(ManualClock clock, long seed) {
        return SimulatedBoard.builder(clock, clock.delay()).seed(seed).defaultDevices().build();
    }

    /** The default sensor set on a board, as the agent would build it. */
    static List<Sensor> sensors(BoardIo io) throws PortException {
        return List.of(
                new Bme280(io.i2c(1, 0x76), io.delay()),
                new Bh1750(io.i2c(1, 0x23), io.delay()),
                new Sht31(io.i2c(1, 0x44), io.delay()),
                new Ina219(io.i2c(1, 0x40), io.delay(), Ina219Settings.breakout()),
                new Ads1115(io.i2c(1, 0x48), io.delay(), List.of(AnalogChannel.soundLevel(0))),
                new Sds011(io.serial("/dev/ttyUSB0", Sds011.BAUD), io.clock()),
                new PirSensor(io.digitalInput(17, Pull.DOWN, Duration.ofMillis(20)), io.clock(), Duration.ofSeconds(30)));
    }

    private static List<List<Measurement>> sampleEveryMinute(long seed, int samples) throws Exception {
        var clock = new ManualClock(Instant.parse("2025-10-03T16:00:00Z"));
        try (var sim = board(clock, seed)) {
            List<Sensor> sensors = sensors(sim.io());
            for (Sensor s : sensors) {
                s.init();
            }
            List<List<Measurement>> out = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                clock.advance(Duration.ofMinutes(1));
                for (Sensor s : sensors) {
                    out.add(s.read());
                }
            }
            return out;
        }
    }

    @Test
    void sameSeedAndClockGiveTheSameReadings() throws Exception {
        var first = sampleEveryMinute(7, 60);
        assertThat(sampleEveryMinute(7, 60)).isEqualTo(first);
        assertThat(sampleEveryMinute(8, 60)).isNotEqualTo(first);
    }

    @Test
    void passersByDoNotDependOnHowOftenTheWorldIsAdvanced() throws Exception {
        long fine = pirEvents(Duration.ofMillis(500));
        long coarse = pirEvents(Duration.ofMinutes(10));
        assertThat(fine).isGreaterThan(10).isEqualTo(coarse);
    }

    private static long pirEvents(Duration step) throws Exception {
        var clock = new ManualClock(Instant.parse("2025-10-03T16:00:00Z"));
        try (var sim = board(clock, 3)) {
            var pir = new PirSensor(sim.io().digitalInput(17, Pull.DOWN, Duration.ofMillis(20)), clock,
                    Duration.ofSeconds(30));
            pir.init();
            Instant end = clock.instant().plus(Duration.ofHours(2));
            while (clock.instant().isBefore(end)) {
                clock.advance(step);
                sim.tick();
            }
            return pir.eventCount();
        }
    }

    @Test
    void eveningsAreBusierThanNights() throws Exception {
        var clock = new ManualClock(Instant.parse("2025-10-03T00:00:00Z"));
        try (var sim = board(clock, 11)) {
            var pir = new PirSensor(sim.io().digitalInput(17, Pull.DOWN, Duration.ofMillis(20)), clock,
                    Duration.ofSeconds(5));
            pir.init();
            long[] perHour = new long[24];
            for (int hour = 0; hour < 24; hour++) {
                long before = pir.eventCount();
                for (int s = 0; s < 3600; s += 2) {
                    clock.advance(Duration.ofSeconds(2));
                    sim.tick();
                }
                perHour[hour] = pir.eventCount() - before;
            }
            long night = perHour[1] + perHour[2] + perHour[3];            // 01..04 UTC
            long evening = perHour[17] + perHour[18] + perHour[19];       // 18..21 CET
            assertThat(evening).isGreaterThan(5 * Math.max(night, 1));
        }
    }

    @Test
    void darkInJenaOnAWinterNight() throws Exception {
        var clock = new ManualClock(WINTER_NIGHT);
        try (var sim = board(clock, 1)) {
            var light = new Bh1750(sim.io().i2c(1, 0x23), sim.io().delay());
            light.init();
            assertThat(value(light.read(), Quantity.ILLUMINANCE)).isLessThan(1.0);
            assertThat(sim.conditions().sunAltitudeDegrees()).isLessThan(-40);
            var air = new Bme280(sim.io().i2c(1, 0x76), sim.io().delay());
            air.init();
            assertThat(value(air.read(), Quantity.TEMPERATURE)).isBetween(-12.0, 8.0);
        }
    }

    @Test
    void brightAtNoonInSummer() throws Exception {
        var clock = new ManualClock(SUMMER_NOON);
        try (var sim = board(clock, 1)) {
            var light = new Bh1750(sim.io().i2c(1, 0x23), sim.io().delay());
            light.init();
            assertThat(value(light.read(), Quantity.ILLUMINANCE)).isGreaterThan(20_000);
            assertThat(sim.conditions().sunAltitudeDegrees()).isBetween(60.0, 63.0); // 90 - 50.9 + 23.4
            var air = new Sht31(sim.io().i2c(1, 0x44), sim.io().delay());
            air.init();
            assertThat(value(air.read(), Quantity.TEMPERATURE)).isBetween(12.0, 32.0);
        }
    }

    @Test
    void duskDimsTheSky() {
        var world = new World(1, Location.JENA);
        double day = world.at(Instant.parse("2025-03-20T12:00:00Z")).lux();
        double dusk = world.at(Instant.parse("2025-03-20T17:45:00Z")).lux();
        double night = world.at(Instant.parse("2025-03-20T20:00:00Z")).lux();
        assertThat(day).isGreaterThan(dusk);
        assertThat(dusk).isGreaterThan(night);
        assertThat(night).isLessThan(1);
    }

    @Test
    void lampPowerFollowsRelayAndDuty() throws Exception {
        var clock = new ManualClock(WINTER_NIGHT);
        try (var sim = board(clock, 1)) {
            BoardIo io = sim.io();
            var w = LampWiring.standard();
            var lamp = new Lamp(new Relay(io.digitalOutput(w.relayPin(), Relay.releasedLevel(w.activeHigh())),
                    w.activeHigh(), w.contact()), new Dimmer(io.pwm(w.pwmChip(), w.pwmChannel(), 1000), 0,
                    DimmingCurve.linear()));
            var meter = new Ina219(io.i2c(1, 0x40), io.delay(), Ina219Settings.breakout());
            meter.init();

            lamp.setLevel(100);
            clock.advance(Duration.ofSeconds(1));
            var full = meter.read();
            assertThat(value(full, Quantity.POWER)).isCloseTo(60.8, within(0.6));
            assertThat(value(full, Quantity.CURRENT)).isCloseTo(60.8 / 24, within(0.03));
            assertThat(value(full, Quantity.VOLTAGE)).isCloseTo(23.87, within(0.02));

            lamp.setLevel(40);
            clock.advance(Duration.ofSeconds(1));
            assertThat(value(meter.read(), Quantity.POWER)).isCloseTo(24.8, within(0.3));

            lamp.setLevel(0);
            clock.advance(Duration.ofSeconds(1));
            assertThat(value(meter.read(), Quantity.POWER)).isZero();
            assertThat(sim.lampWatts()).isZero();
        }
    }

    @Test
    void particulatePeaksComeAndGo() {
        var world = new World(5, Location.JENA);
        double max = 0;
        double sum = 0;
        int n = 0;
        for (Instant t = Instant.parse("2025-02-01T00:00:00Z"); t.isBefore(Instant.parse("2025-02-15T00:00:00Z"));
                t = t.plus(Duration.ofMinutes(10))) {
            double pm = world.at(t).pm25();
            max = Math.max(max, pm);
            sum += pm;
            n++;
        }
        assertThat(sum / n).isBetween(5.0, 20.0);
        assertThat(max).isGreaterThan(30);
    }

    @Test
    void faultsAreInjectedByAddress() throws Exception {
        var clock = new ManualClock(SUMMER_NOON);
        try (var sim = board(clock, 1)) {
            var air = new Bme280(sim.io().i2c(1, 0x76), sim.io().delay());
            sim.injectFault(DeviceAddress.i2c(1, 0x76), Fault.WRONG_CHIP_ID);
            assertThat(faultOf(air::init)).isEqualTo(new SensorFault.WrongChipId(0x60, 0x58));
            sim.clearFault(DeviceAddress.i2c(1, 0x76), Fault.WRONG_CHIP_ID);
            air.init();

            var pm = new Sds011(sim.io().serial("/dev/ttyUSB0", Sds011.BAUD), clock);
            sim.injectFault(DeviceAddress.serial("/dev/ttyUSB0"), Fault.NO_DATA);
            assertThat(faultOf(pm::read)).isInstanceOf(SensorFault.Timeout.class);

            assertThatThrownBy(() -> sim.injectFault(DeviceAddress.i2c(1, 0x77), Fault.NO_ACK))
                    .hasMessageContaining("nothing simulated at 0x77 on i2c-1");
            assertThatThrownBy(() -> sim.injectFault(DeviceAddress.gpio(17), Fault.CRC_ERROR))
                    .hasMessageContaining("cannot show CRC_ERROR");
        }
    }

    @Test
    void tickerThreadStopsOnClose() {
        var clock = new ManualClock(SUMMER_NOON);
        var sim = board(clock, 1);
        sim.startTicking(Duration.ofMillis(50));
        assertThat(tickers()).hasSize(1);
        sim.close();
        assertThat(tickers()).isEmpty();
    }

    private static List<Thread> tickers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("simulated-board-ticker") && t.isAlive()).toList();
    }
}
