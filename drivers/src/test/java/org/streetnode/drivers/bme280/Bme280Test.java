package org.streetnode.drivers.bme280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.emulator.Fault;

class Bme280Test {

    /** Trimming of the worked example in the BMP280 datasheet (3.12), whose T/P formulas the BME280 shares. */
    static final Bme280Calibration EXAMPLE = Bme280Emulator.TYPICAL_CALIBRATION;

    private final TestBoard t = new TestBoard();
    private Bme280Emulator chip;
    private Bme280 sensor;

    @BeforeEach
    void setUp() throws Exception {
        chip = t.board.attach(1, 0x76, new Bme280Emulator(t.clock));
        sensor = new Bme280(t.board.i2c(1, 0x76), t.board.delay());
    }

    @Test
    void datasheetExampleGoldenVector() {
        int tFine = EXAMPLE.tFine(519888);
        assertThat(tFine).isEqualTo(128422);
        assertThat(Bme280Calibration.centiCelsius(tFine)).isEqualTo(2508);
        // The datasheet gives 100653.27 Pa; the 64-bit integer path resolves 1/256 Pa.
        assertThat(EXAMPLE.pressureQ24x8(415148, tFine) / 256.0).isCloseTo(100653.27, within(0.05));
        assertThat(doublePressure(EXAMPLE, 415148, tFine)).isCloseTo(100653.27, within(0.05));
    }

    @Test
    void integerHumidityAgreesWithTheDatasheetsFloatingPointFormula() {
        int tFine = EXAMPLE.tFine(519888);
        for (int adcH : new int[] {20000, 27000, 30000, 35000, 40000}) {
            assertThat(EXAMPLE.humidityQ22x10(adcH, tFine) / 1024.0)
                    .as("adc_H %d", adcH).isCloseTo(doubleHumidity(EXAMPLE, adcH, tFine), within(0.01));
        }
        assertThat(EXAMPLE.humidityQ22x10(30000, tFine) / 1024.0).isCloseTo(54.997, within(0.001));
    }

    @Test
    void calibrationBlocksRoundTripWithSignedTwelveBitFields() {
        var cal = new Bme280Calibration(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
                75, -362, 200, -313, -50, -30);
        assertThat(Bme280Calibration.parse(cal.block1(), cal.block2())).isEqualTo(cal);
    }

    @Test
    void readsTheConditionsTheEmulatorIsGiven() throws SensorException {
        chip.setConditions(-7.25, 83.5, 987.65);
        sensor.init();
        List<Measurement> m = sensor.read();
        assertThat(m).extracting(Measurement::quantity)
                .containsExactly(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE);
        assertThat(value(m, Quantity.TEMPERATURE)).isCloseTo(-7.25, within(0.006));
        assertThat(value(m, Quantity.HUMIDITY)).isCloseTo(83.5, within(0.01));
        assertThat(value(m, Quantity.PRESSURE)).isCloseTo(987.65, within(0.01));

        chip.setConditions(31.4, 22.0, 1021.0);
        assertThat(value(sensor.read(), Quantity.TEMPERATURE)).isCloseTo(31.4, within(0.006));
    }

    @Test
    void waitsForTheForcedMeasurementInsteadOfReadingStaleRegisters() throws SensorException {
        sensor.init();
        var before = t.clock.instant();
        sensor.read();
        assertThat(Duration.between(before, t.clock.instant())).isGreaterThanOrEqualTo(Duration.ofMillis(9));
    }

    @Test
    void noAck() {
        chip.inject(Fault.NO_ACK);
        assertThat(faultOf(sensor::init)).isEqualTo(new SensorFault.NoAck(1, 0x76));
    }

    @Test
    void nothingAtTheAddressIsNoAckToo() throws Exception {
        var absent = new Bme280(t.board.i2c(1, 0x77), t.board.delay());
        assertThat(faultOf(absent::init).message()).isEqualTo("no ACK at 0x77 on i2c-1");
    }

    @Test
    void wrongChipId() {
        chip.inject(Fault.WRONG_CHIP_ID);
        SensorFault fault = faultOf(sensor::init);
        assertThat(fault).isEqualTo(new SensorFault.WrongChipId(0x60, 0x58));
        assertThat(fault.message()).isEqualTo("chip id 0x58 where 0x60 expected");
    }

    @Test
    void disconnectMidTransferThenNoAck() throws SensorException {
        sensor.init();
        chip.inject(Fault.DISCONNECT_MID_TRANSFER);
        assertThat(faultOf(sensor::read))
                .isEqualTo(new SensorFault.Disconnected("read 0 of 1 bytes at 0x76 on i2c-1"));
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.NoAck(1, 0x76));
    }

    @Test
    void measurementThatNeverEndsTimesOut() throws SensorException {
        sensor.init();
        chip.inject(Fault.CONVERSION_STUCK);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.Timeout("measurement", Duration.ofMillis(10)));
    }

    @Test
    void outOfRange() throws SensorException {
        sensor.init();
        chip.inject(Fault.OUT_OF_RANGE);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.OutOfRange(Quantity.TEMPERATURE, 100, -40, 85));
    }

    @Test
    void stuckValueRepeatsTheLastReading() throws SensorException {
        chip.setConditions(12, 40, 1000);
        sensor.init();
        List<Measurement> first = sensor.read();
        chip.inject(Fault.STUCK_VALUE);
        chip.setConditions(25, 70, 990);
        assertThat(sensor.read()).isEqualTo(first);
        chip.clear(Fault.STUCK_VALUE);
        assertThat(value(sensor.read(), Quantity.TEMPERATURE)).isCloseTo(25, within(0.006));
    }

    /** Datasheet 8.1 "Compensation formulas in double precision floating point", pressure. */
    static double doublePressure(Bme280Calibration c, int adcP, int tFine) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * c.p6() / 32768.0;
        var2 = var2 + var1 * c.p5() * 2.0;
        var2 = var2 / 4.0 + c.p4() * 65536.0;
        var1 = (c.p3() * var1 * var1 / 524288.0 + c.p2() * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * c.p1();
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = c.p9() * p * p / 2147483648.0;
        var2 = p * c.p8() / 32768.0;
        return p + (var1 + var2 + c.p7()) / 16.0;
    }

    /** Datasheet 8.1, humidity. */
    static double doubleHumidity(Bme280Calibration c, int adcH, int tFine) {
        double h = tFine - 76800.0;
        h = (adcH - (c.h4() * 64.0 + c.h5() / 16384.0 * h))
                * (c.h2() / 65536.0 * (1.0 + c.h6() / 67108864.0 * h * (1.0 + c.h3() / 67108864.0 * h)));
        h = h * (1.0 - c.h1() * h / 524288.0);
        return Math.clamp(h, 0, 100);
    }
}
