package org.streetnode.drivers.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.ads1115.Ads1115;
import org.streetnode.drivers.ads1115.AnalogChannel;
import org.streetnode.drivers.bh1750.Bh1750;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.emulator.Ads1115Emulator;
import org.streetnode.drivers.emulator.Bh1750Emulator;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
import org.streetnode.drivers.emulator.Ina219Emulator;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.emulator.Sds011Emulator;
import org.streetnode.drivers.emulator.Sht31Emulator;
import org.streetnode.drivers.ina219.Ina219;
import org.streetnode.drivers.ina219.Ina219Settings;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sds011.Sds011;
import org.streetnode.drivers.sht31.Sht31;
import org.streetnode.drivers.sim.ManualClock;
import org.streetnode.drivers.sim.SimulatedBoard;

/**
 * CPU cost of sampling: one operation is one round over the default sensor set (BME280, BH1750,
 * SHT31, INA219, ADS1115, SDS011 frame parse, PIR), one simulated second apart; waits advance a
 * manual clock, so only CPU time is measured. Baselines in the same run: the same round on bare
 * emulators without the world, and a single register read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SamplingBenchmark {

    static List<Sensor> defaultSensors(BoardIo io) throws PortException, SensorException {
        List<Sensor> sensors = List.of(
                new Bme280(io.i2c(1, 0x76), io.delay()),
                new Bh1750(io.i2c(1, 0x23), io.delay()),
                new Sht31(io.i2c(1, 0x44), io.delay()),
                new Ina219(io.i2c(1, 0x40), io.delay(), Ina219Settings.breakout()),
                new Ads1115(io.i2c(1, 0x48), io.delay(), List.of(AnalogChannel.soundLevel(0))),
                new Sds011(io.serial("/dev/ttyUSB0", Sds011.BAUD), io.clock()),
                new PirSensor(io.digitalInput(17, Pull.DOWN, Duration.ofMillis(20)), io.clock(), Duration.ofSeconds(30)));
        for (Sensor s : sensors) {
            s.init();
        }
        return sensors;
    }

    static void round(ManualClock clock, List<Sensor> sensors, Blackhole bh) throws SensorException {
        clock.advance(Duration.ofSeconds(1));
        for (Sensor s : sensors) {
            bh.consume(s.read());
        }
    }

    /** The default sensor set on the simulated board: world, passers-by and lamp meter included. */
    @State(Scope.Thread)
    public static class Simulated {
        ManualClock clock;
        SimulatedBoard board;
        List<Sensor> sensors;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            clock = new ManualClock(Instant.parse("2025-10-03T16:00:00Z"));
            board = SimulatedBoard.builder(clock, clock.delay()).seed(42).defaultDevices().build();
            sensors = defaultSensors(board.io());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            board.close();
        }
    }

    /** The same devices as bare emulators with fixed inputs: no world. */
    @State(Scope.Thread)
    public static class Bare {
        ManualClock clock;
        EmulatedBoardIo io;
        List<Sensor> sensors;
        I2cDevice bme;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            clock = new ManualClock(Instant.parse("2025-10-03T16:00:00Z"));
            io = new EmulatedBoardIo(clock, clock.delay());
            io.attach(1, 0x76, new Bme280Emulator(clock)).setConditions(12, 60, 1000);
            io.attach(1, 0x23, new Bh1750Emulator(clock)).setIlluminance(300);
            io.attach(1, 0x44, new Sht31Emulator(clock)).setConditions(12, 60);
            io.attach(1, 0x40, new Ina219Emulator(clock, 0.1)).setSupply(24, 2);
            io.attach(1, 0x48, new Ads1115Emulator(clock)).setInput(0, 1.1);
            io.attach("/dev/ttyUSB0", new Sds011Emulator(clock.instant(), 1)).setConcentrations(8, 14);
            new PirEmulator(io.pin(17));
            sensors = new ArrayList<>(defaultSensors(io));
            bme = io.i2c(1, 0x76);
        }
    }

    @Benchmark
    public void simulatedBoardRound(Simulated s, Blackhole bh) throws SensorException {
        round(s.clock, s.sensors, bh);
    }

    @Benchmark
    public void bareEmulatorRound(Bare b, Blackhole bh) throws SensorException {
        round(b.clock, b.sensors, bh);
    }

    @Benchmark
    public int singleRegisterRead(Bare b) throws PortException {
        return b.bme.readRegister(0xD0);
    }
}
