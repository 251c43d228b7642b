package org.streetnode.drivers.ina219;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.emulator.Ina219Emulator;

class Ina219Test {

    private final TestBoard t = new TestBoard();
    private Ina219Emulator chip;
    private Ina219 sensor;

    @BeforeEach
    void setUp() throws Exception {
        chip = t.board.attach(1, 0x40, new Ina219Emulator(t.clock, 0.1));
        sensor = new Ina219(t.board.i2c(1, 0x40), t.board.delay(), Ina219Settings.breakout());
    }

    @Test
    void calibrationFromShuntAndMaxCurrentPerDatasheet() {
        // 8.5.1: Current_LSB = 3.2 A / 2^15 = 97.66 µA; Cal = trunc(0.04096 / (97.66e-6 * 0.1)) = 4194.
        var s = Ina219Settings.breakout();
        assertThat(s.calibrationRegister()).isEqualTo(4194);
        assertThat(s.pgaBits()).isEqualTo(3); // 0.32 V needs /8
        assertThat(s.configRegister()).isEqualTo(0x399F); // 32 V, /8, 12-bit, continuous: the reset value
        var small = new Ina219Settings(0.1, 0.4);
        assertThat(small.pgaBits()).isEqualTo(0); // 40 mV range
        assertThat(small.configRegister()).isEqualTo(0x219F);
        assertThatThrownBy(() -> new Ina219Settings(0.1, 4)).hasMessageContaining("0.32 V shunt range");
    }

    @Test
    void readsBusVoltageCurrentAndPower() throws SensorException {
        chip.setSupply(24.0, 2.5);
        sensor.init();
        assertThat(chip.calibrationRegister()).isEqualTo(4194);
        var m = sensor.read();
        assertThat(value(m, Quantity.VOLTAGE)).isCloseTo(24.0, within(0.004));
        assertThat(value(m, Quantity.CURRENT)).isCloseTo(2.5, within(0.001));
        assertThat(value(m, Quantity.POWER)).isCloseTo(60.0, within(0.05));
    }

    @Test
    void negativeCurrentKeepsItsSign() throws SensorException {
        chip.setSupply(12.0, -0.75);
        sensor.init();
        assertThat(value(sensor.read(), Quantity.CURRENT)).isCloseTo(-0.75, within(0.001));
    }

    @Test
    void rewritesTheCalibrationAfterABrownOut() throws SensorException {
        chip.setSupply(24.0, 1.0);
        sensor.init();
        chip.inject(Fault.BROWN_OUT);
        assertThat(chip.calibrationRegister()).isZero();
        var m = sensor.read();
        assertThat(chip.calibrationRegister()).isEqualTo(4194);
        assertThat(sensor.recalibrations()).isEqualTo(1);
        assertThat(value(m, Quantity.CURRENT)).isCloseTo(1.0, within(0.001));
        sensor.read();
        assertThat(sensor.recalibrations()).isEqualTo(1);
    }

    @Test
    void faults() throws SensorException {
        chip.inject(Fault.WRONG_CHIP_ID);
        assertThat(faultOf(sensor::init)).isEqualTo(new SensorFault.WrongChipId(0x399F, 0x4127));
        chip.clear(Fault.WRONG_CHIP_ID);
        chip.inject(Fault.NO_ACK);
        assertThat(faultOf(sensor::init)).isEqualTo(new SensorFault.NoAck(1, 0x40));
        chip.clear(Fault.NO_ACK);

        chip.setSupply(24.0, 2.0);
        sensor.init();
        chip.inject(Fault.OUT_OF_RANGE);
        var range = (SensorFault.OutOfRange) faultOf(sensor::read);
        assertThat(range.quantity()).isEqualTo(Quantity.CURRENT);
        assertThat(range.value()).isCloseTo(2.0, within(0.001));
        chip.clear(Fault.OUT_OF_RANGE);

        var before = sensor.read();
        chip.inject(Fault.STUCK_VALUE);
        chip.setSupply(23.0, 0.1);
        assertThat(sensor.read()).isEqualTo(before);
        chip.clear(Fault.STUCK_VALUE);

        chip.inject(Fault.DISCONNECT_MID_TRANSFER);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.Disconnected("read 1 of 2 bytes at 0x40 on i2c-1"));
    }
}
