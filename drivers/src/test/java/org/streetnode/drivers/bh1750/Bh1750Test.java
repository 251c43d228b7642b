package org.streetnode.drivers.bh1750;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.emulator.Bh1750Emulator;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.port.I2cDevice;

class Bh1750Test {

    private final TestBoard t = new TestBoard();
    private Bh1750Emulator chip;
    private I2cDevice device;

    @BeforeEach
    void setUp() throws Exception {
        chip = t.board.attach(1, 0x23, new Bh1750Emulator(t.clock));
        device = t.board.i2c(1, 0x23);
    }

    @Test
    void datasheetFormulaAtDefaultAndMinimumMtreg() {
        // Datasheet: count / 1.2 at MTreg 69; the same count means 69/31 times more light at MTreg 31.
        assertThat(new Bh1750(device, t.board.delay(), 69).lux(1200)).isCloseTo(1000, within(1e-9));
        assertThat(new Bh1750(device, t.board.delay(), 31).lux(1200)).isCloseTo(1000 * 69 / 31.0, within(1e-9));
        assertThat(new Bh1750(device, t.board.delay(), 69).maxLux()).isCloseTo(54611.7, within(0.1));
    }

    @Test
    void programsMtregAndMeasuresOnceInHighResolution() throws SensorException {
        var sensor = new Bh1750(device, t.board.delay(), 138);
        chip.setIlluminance(250);
        sensor.init();
        assertThat(chip.mtreg()).isEqualTo(138);
        var start = t.clock.instant();
        assertThat(value(sensor.read(), Quantity.ILLUMINANCE)).isCloseTo(250, within(0.5));
        // 180 ms max at MTreg 69 scales to 360 ms at 138.
        assertThat(Duration.between(start, t.clock.instant())).isEqualTo(Duration.ofMillis(360));
        assertThat(chip.poweredOn()).as("one-time mode powers down when done").isFalse();
    }

    @Test
    void defaultsToTheOutdoorRangeSoNoonSunFits() throws SensorException {
        var sensor = new Bh1750(device, t.board.delay());
        chip.setIlluminance(98_000);
        sensor.init();
        assertThat(chip.mtreg()).isEqualTo(31);
        assertThat(value(sensor.read(), Quantity.ILLUMINANCE)).isCloseTo(98_000, within(2.0));
    }

    @Test
    void rejectsMtregOutsideTheDatasheetRange() {
        assertThatThrownBy(() -> new Bh1750(device, t.board.delay(), 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bh1750(device, t.board.delay(), 255)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faults() throws SensorException {
        var sensor = new Bh1750(device, t.board.delay());
        chip.setIlluminance(500);
        sensor.init();

        chip.inject(Fault.OUT_OF_RANGE);
        SensorFault saturated = faultOf(sensor::read);
        assertThat(saturated).isInstanceOf(SensorFault.OutOfRange.class);
        assertThat(((SensorFault.OutOfRange) saturated).value()).isCloseTo(0xFFFF / 1.2 * 69 / 31, within(0.01));
        chip.clear(Fault.OUT_OF_RANGE);

        double before = value(sensor.read(), Quantity.ILLUMINANCE);
        chip.inject(Fault.STUCK_VALUE);
        chip.setIlluminance(20_000);
        assertThat(value(sensor.read(), Quantity.ILLUMINANCE)).isEqualTo(before);
        chip.clear(Fault.STUCK_VALUE);

        chip.inject(Fault.DISCONNECT_MID_TRANSFER);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.Disconnected("read 1 of 2 bytes at 0x23 on i2c-1"));
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.NoAck(1, 0x23));
        assertThat(faultOf(sensor::init)).isEqualTo(new SensorFault.NoAck(1, 0x23));
    }
}
