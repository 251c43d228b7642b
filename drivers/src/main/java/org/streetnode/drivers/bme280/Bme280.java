package org.streetnode.drivers.bme280;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.I2cException;
import org.tinylog.Logger;

/**
 * Bosch BME280: air temperature, relative humidity and barometric pressure over I2C.
 *
 * <h2>Wiring</h2>
 * VIN to 3.3 V, GND, SCL to GPIO3 (pin 5), SDA to GPIO2 (pin 3) of {@code i2c-1}. SDO to GND gives
 * address 0x76, SDO to VDDIO gives 0x77 (datasheet 6.2 "I²C interface"). CSB must be high (most
 * breakouts pull it up) or the chip switches to SPI.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [[sensor]]
 * id = "air"
 * driver = "bme280"
 * bus = 1
 * address = 0x76
 * }</pre>
 *
 * <h2>Datasheet facts relied on (BST-BME280-DS002)</h2>
 * <ul>
 *   <li>5.4.1 "Register 0xD0 id": reads 0x60 on a BME280 (a BMP280 answers 0x56..0x58).</li>
 *   <li>5.4.2 "Register 0xE0 reset": writing 0xB6 resets; 5.4.4 "Register 0xF3 status": bit 0
 *       {@code im_update} is set while the NVM calibration is copied, bit 3 {@code measuring}
 *       while a conversion runs. Start-up takes 2 ms (table 1, t_startup).</li>
 *   <li>5.4.3 "Register 0xF2 ctrl_hum": humidity oversampling, only applied by the next write to
 *       0xF4 ctrl_meas; 5.4.5 ctrl_meas: {@code osrs_t[7:5] osrs_p[4:2] mode[1:0]}, mode 01 =
 *       forced: one measurement, then back to sleep (3.3.3 "Forced mode").</li>
 *   <li>5.4.7..5.4.9: burst read 0xF7..0xFE gives press (20 bit), temp (20 bit), hum (16 bit);
 *       a burst read keeps the values of one measurement together (4 "Data readout").</li>
 *   <li>9.1 "Measurement time": t_max = 1.25 + 2.3·osrs_t + (2.3·osrs_p + 0.575) +
 *       (2.3·osrs_h + 0.575) ms, 9.3 ms for ×1 oversampling of all three.</li>
 *   <li>4.2.2 table 16 calibration layout and 4.2.3 "Compensation formulas" in 32/64-bit
 *       integer arithmetic: see {@link Bme280Calibration}.</li>
 *   <li>1 "Specification": operating range −40..85 °C, 300..1100 hPa, 0..100 %RH.</li>
 * </ul>
 * Settings: oversampling ×1 for all three, IIR filter off, forced mode: the weather-station
 * setting of datasheet 3.5.1, right for one reading a minute.
 */
public final class Bme280 implements Sensor {

    public static final int CHIP_ID = 0x60;
    public static final int REG_CALIB_00 = 0x88;
    public static final int REG_ID = 0xD0;
    public static final int REG_RESET = 0xE0;
    public static final int REG_CALIB_26 = 0xE1;
    public static final int REG_CTRL_HUM = 0xF2;
    public static final int REG_STATUS = 0xF3;
    public static final int REG_CTRL_MEAS = 0xF4;
    public static final int REG_CONFIG = 0xF5;
    public static final int REG_PRESS_MSB = 0xF7;
    public static final int RESET_WORD = 0xB6;
    public static final int STATUS_MEASURING = 0x08;
    public static final int STATUS_IM_UPDATE = 0x01;

    /** osrs_t ×1, osrs_p ×1, forced mode. */
    private static final int CTRL_MEAS_FORCED_X1 = 0b001_001_01;
    private static final int CTRL_HUM_X1 = 0b001;
    private static final Duration STARTUP = Duration.ofMillis(2);
    private static final Duration MEASUREMENT_MAX = Duration.ofMillis(10);
    private static final Duration POLL = Duration.ofMillis(1);
    private static final int POLLS = 10;

    private static final Set<Quantity> QUANTITIES =
            java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
                    List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE)));

    private final I2cDevice device;
    private final Delay delay;
    private Bme280Calibration calibration;

    public Bme280(I2cDevice device, Delay delay) {
        this.device = Objects.requireNonNull(device, "device");
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    @Override
    public String model() {
        return "BME280";
    }

    @Override
    public Set<Quantity> quantities() {
        return QUANTITIES;
    }

    @Override
    public void init() throws SensorException {
        calibration = null;
        try {
            int id = device.readRegister(REG_ID);
            if (id != CHIP_ID) {
                throw new SensorException(new SensorFault.WrongChipId(CHIP_ID, id));
            }
            device.writeRegister(REG_RESET, RESET_WORD);
            delay.pause(STARTUP);
            awaitClear(STATUS_IM_UPDATE, "calibration copy after reset");
            byte[] block1 = new byte[Bme280Calibration.BLOCK1_LENGTH];
            byte[] block2 = new byte[Bme280Calibration.BLOCK2_LENGTH];
            device.readRegisters(REG_CALIB_00, block1);
            device.readRegisters(REG_CALIB_26, block2);
            calibration = Bme280Calibration.parse(block1, block2);
            device.writeRegister(REG_CONFIG, 0x00);
            device.writeRegister(REG_CTRL_HUM, CTRL_HUM_X1);
            Logger.debug("bme280: at 0x{} on i2c-{} ready", Integer.toHexString(device.address()), device.bus());
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
    }

    @Override
    public List<Measurement> read() throws SensorException {
        if (calibration == null) {
            init();
        }
        byte[] raw = new byte[8];
        try {
            device.writeRegister(REG_CTRL_MEAS, CTRL_MEAS_FORCED_X1);
            delay.pause(MEASUREMENT_MAX);
            awaitClear(STATUS_MEASURING, "measurement");
            device.readRegisters(REG_PRESS_MSB, raw);
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
        int adcP = (raw[0] & 0xFF) << 12 | (raw[1] & 0xFF) << 4 | (raw[2] & 0xFF) >> 4;
        int adcT = (raw[3] & 0xFF) << 12 | (raw[4] & 0xFF) << 4 | (raw[5] & 0xFF) >> 4;
        int adcH = (raw[6] & 0xFF) << 8 | (raw[7] & 0xFF);
        return compensate(calibration, adcT, adcP, adcH);
    }

    /** Raw counts to checked measurements: temperature, humidity, pressure. */
    static List<Measurement> compensate(Bme280Calibration cal, int adcT, int adcP, int adcH)
            throws SensorException {
        int tFine = cal.tFine(adcT);
        double celsius = Bme280Calibration.centiCelsius(tFine) / 100.0;
        double hpa = cal.pressureQ24x8(adcP, tFine) / 256.0 / 100.0;
        double rh = cal.humidityQ22x10(adcH, tFine) / 1024.0;
        SensorException.requireInRange(Quantity.TEMPERATURE, celsius, -40, 85);
        SensorException.requireInRange(Quantity.PRESSURE, hpa, 300, 1100);
        SensorException.requireInRange(Quantity.HUMIDITY, rh, 0, 100);
        return List.of(
                new Measurement(Quantity.TEMPERATURE, celsius),
                new Measurement(Quantity.HUMIDITY, rh),
                new Measurement(Quantity.PRESSURE, hpa));
    }

    private void awaitClear(int statusBit, String what) throws I2cException, SensorException {
        for (int i = 0; i < POLLS; i++) {
            if ((device.readRegister(REG_STATUS) & statusBit) == 0) {
                return;
            }
            delay.pause(POLL);
        }
        throw new SensorException(new SensorFault.Timeout(what, POLL.multipliedBy(POLLS)));
    }
}
