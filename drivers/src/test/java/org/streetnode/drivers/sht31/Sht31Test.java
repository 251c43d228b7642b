package org.streetnode.drivers.sht31;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.streetnode.drivers.emulator.Sht31Emulator;
import org.streetnode.drivers.port.I2cException;

class Sht31Test {

    private final TestBoard t = new TestBoard();
    private Sht31Emulator chip;
    private Sht31 sensor;

    @BeforeEach
    void setUp() throws Exception {
        chip = t.board.attach(1, 0x44, new Sht31Emulator(t.clock));
        sensor = new Sht31(t.board.i2c(1, 0x44), t.board.delay());
    }

    @Test
    void crcOfTheDatasheetExample() {
        assertThat(Crc8.of(0xBE, 0xEF)).isEqualTo(0x92);
        assertThat(Crc8.of(0x00, 0x00)).isEqualTo(0x81);
    }

    @Test
    void readsTemperatureAndHumidity() throws SensorException {
        chip.setConditions(23.7, 41.2);
        sensor.init();
        var m = sensor.read();
        assertThat(value(m, Quantity.TEMPERATURE)).isCloseTo(23.7, within(0.002));
        assertThat(value(m, Quantity.HUMIDITY)).isCloseTo(41.2, within(0.002));
    }

    @Test
    void withoutClockStretchingTheChipNacksUntilTheMeasurementIsDone() throws Exception {
        var device = t.board.i2c(1, 0x44);
        device.write(new byte[] {0x24, 0x00});
        var early = org.assertj.core.api.Assertions.catchThrowableOfType(I2cException.class,
                () -> device.read(new byte[6]));
        assertThat(early.kind()).isEqualTo(I2cException.Kind.NO_ACK);
        t.clock.advance(Sht31.MEASUREMENT_MAX);
        device.read(new byte[6]);
    }

    @Test
    void crcMismatchOnAWord() throws SensorException {
        sensor.init();
        chip.setConditions(20, 50);
        chip.inject(Fault.CRC_ERROR);
        SensorFault fault = faultOf(sensor::read);
        assertThat(fault).isInstanceOf(SensorFault.CrcMismatch.class);
        var crc = (SensorFault.CrcMismatch) fault;
        assertThat(crc.actual()).isEqualTo(crc.expected() ^ 0x5A);
    }

    @Test
    void otherFaults() throws SensorException {
        chip.inject(Fault.NO_ACK);
        assertThat(faultOf(sensor::init)).isEqualTo(new SensorFault.NoAck(1, 0x44));
        chip.clear(Fault.NO_ACK);
        sensor.init();

        chip.setConditions(20, 50);
        var before = sensor.read();
        chip.inject(Fault.STUCK_VALUE);
        chip.setConditions(30, 20);
        assertThat(sensor.read()).isEqualTo(before);
        chip.clear(Fault.STUCK_VALUE);

        chip.inject(Fault.OUT_OF_RANGE);
        var range = (SensorFault.OutOfRange) faultOf(sensor::read);
        assertThat(range.quantity()).isEqualTo(Quantity.TEMPERATURE);
        assertThat(range.value()).isCloseTo(129, within(0.01));
        assertThat(range.max()).isEqualTo(125);
        chip.clear(Fault.OUT_OF_RANGE);

        chip.inject(Fault.DISCONNECT_MID_TRANSFER);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.Disconnected("read 3 of 6 bytes at 0x44 on i2c-1"));
    }
}
