package org.streetnode.drivers.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.nio.ByteOrder;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.emulator.Ina219Emulator;
import org.streetnode.drivers.ina219.Ina219;
import org.streetnode.drivers.ina219.Ina219Settings;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.sim.ManualClock;

/** BME280 and INA219 drivers through Pi4jBoardIo's I2C adapter, on a Pi4J context backed by emulators. */
class Pi4jI2cAdapterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-20T12:00:00Z"));
    private final Bme280Emulator bme = new Bme280Emulator(clock);
    private final Ina219Emulator ina = new Ina219Emulator(clock, 0.1);
    private Context context;
    private Pi4jBoardIo board;

    @BeforeEach
    void setUp() throws Exception {
        var provider = new EmulatorI2CProvider().attach(1, 0x76, bme).attach(1, 0x40, ina);
        context = Pi4J.newContextBuilder().noAutoDetect().add(provider).build();
        board = new Pi4jBoardIo(context, Pi4jProviderIds.i2cOnly(EmulatorI2CProvider.ID), 0, clock, clock.delay());
    }

    @AfterEach
    void tearDown() {
        board.close();
    }

    @Test
    void bme280ThroughPi4j() throws Exception {
        bme.setConditions(-3.5, 91.25, 1002.5);
        var sensor = new Bme280(board.i2c(1, 0x76), board.delay());
        sensor.init();
        var m = sensor.read();
        assertThat(value(m, Quantity.TEMPERATURE)).isCloseTo(-3.5, within(0.006));
        assertThat(value(m, Quantity.HUMIDITY)).isCloseTo(91.25, within(0.01));
        assertThat(value(m, Quantity.PRESSURE)).isCloseTo(1002.5, within(0.01));
    }

    @Test
    void ina219ThroughPi4jKeepsTheSignOfBigEndianWords() throws Exception {
        var sensor = new Ina219(board.i2c(1, 0x40), board.delay(), Ina219Settings.breakout());
        ina.setSupply(24.0, -1.75); // shunt register 0xBAA8: high byte has its top bit set
        sensor.init();
        var m = sensor.read();
        assertThat(value(m, Quantity.CURRENT)).isCloseTo(-1.75, within(0.001));
        assertThat(value(m, Quantity.VOLTAGE)).isCloseTo(24.0, within(0.004));
        assertThat(value(m, Quantity.POWER)).isCloseTo(42.0, within(0.05));
        ina.inject(Fault.BROWN_OUT);
        assertThat(value(sensor.read(), Quantity.CURRENT)).isCloseTo(-1.75, within(0.001));
        assertThat(ina.calibrationRegister()).isEqualTo(4194);
    }

    @Test
    void wordByteOrder() throws Exception {
        I2cDevice device = board.i2c(1, 0x76);
        // dig_T1 = 27504 = 0x6B70 lies little-endian at 0x88/0x89: 0x70, 0x6B.
        assertThat(device.readWord(0x88, ByteOrder.LITTLE_ENDIAN)).isEqualTo(27504);
        assertThat(device.readWord(0x88, ByteOrder.BIG_ENDIAN)).isEqualTo(0x706B);
        I2cDevice meter = board.i2c(1, 0x40);
        meter.writeWord(Ina219.REG_CALIBRATION, 0x1234, ByteOrder.BIG_ENDIAN);
        assertThat(ina.calibrationRegister()).isEqualTo(0x1234);
        meter.writeWord(Ina219.REG_CALIBRATION, 0x1234, ByteOrder.LITTLE_ENDIAN);
        assertThat(ina.calibrationRegister()).isEqualTo(0x3412);
    }

    @Test
    void signExtendedBytesAreMasked() throws Exception {
        // dig_T3 = -1000 = 0xFC18: register 0x8D holds 0xFC.
        I2C raw = context.create(I2C.newConfigBuilder(context).id("raw").bus(1).device(0x76)
                .provider(EmulatorI2CProvider.ID).build());
        assertThat(raw.readRegister(0x8D)).as("the provider's quirk").isEqualTo(-4);
        assertThat(board.i2c(1, 0x76).readRegister(0x8D)).isEqualTo(0xFC);
    }

    @Test
    void faultsKeepTheirMeaningThroughPi4j() throws Exception {
        var sensor = new Bme280(board.i2c(1, 0x76), board.delay());
        bme.inject(Fault.NO_ACK);
        assertThat(faultOf(sensor::init)).isEqualTo(new SensorFault.NoAck(1, 0x76));
        bme.clear(Fault.NO_ACK);
        bme.inject(Fault.WRONG_CHIP_ID);
        assertThat(faultOf(sensor::init)).isEqualTo(new SensorFault.WrongChipId(0x60, 0x58));
        bme.clear(Fault.WRONG_CHIP_ID);
        sensor.init();
        bme.inject(Fault.DISCONNECT_MID_TRANSFER);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.Disconnected("read 0 of 1 bytes at 0x76 on i2c-1"));
        var absent = new Bme280(board.i2c(1, 0x77), board.delay());
        assertThat(faultOf(absent::init)).isEqualTo(new SensorFault.NoAck(1, 0x77));
    }
}
