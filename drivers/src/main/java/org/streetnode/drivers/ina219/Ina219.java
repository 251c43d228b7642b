package org.streetnode.drivers.ina219;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.Hex;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.I2cException;
import org.tinylog.Logger;

/**
 * TI INA219: the lamp supply's bus voltage, current and power, from a high-side shunt.
 *
 * <h2>Wiring</h2>
 * VCC to 3.3 V, GND shared with the lamp supply, SCL/SDA to {@code i2c-1}. VIN+ to the supply,
 * VIN− to the LED driver (the shunt sits between them). A0/A1 to GND gives 0x40; A0 high 0x41,
 * A1 high 0x44, both 0x45 (datasheet table 1). The bus input takes at most 26 V: measure the
 * LED module's DC side, never mains.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [[sensor]]
 * id = "lamp-power"
 * driver = "ina219"
 * bus = 1
 * address = 0x40
 * shunt_ohms = 0.1
 * max_current = 3.2
 * }</pre>
 *
 * <h2>Datasheet facts relied on (INA219, SBOS448G)</h2>
 * <ul>
 *   <li>8.6 "Register Maps": 16-bit registers, MSB first: 00 configuration (reset value 0x399F,
 *       bit 15 RST), 01 shunt voltage (signed, LSB 10 µV), 02 bus voltage (bits 15..3, LSB 4 mV;
 *       bit 1 CNVR; bit 0 OVF "math overflow"), 03 power, 04 current (signed), 05 calibration.</li>
 *   <li>8.5.1 "Programming the Calibration Register": Cal = trunc(0.04096 / (Current_LSB ·
 *       R_shunt)); Current = Shunt · Cal / 4096; Power = Current · Bus / 5000; Power_LSB =
 *       20 · Current_LSB. See {@link Ina219Settings}.</li>
 *   <li>The calibration register resets to 0 with the chip (power-on, brown-out, RST), and with
 *       0 the current and power registers stay 0. The driver checks it on every read and writes it
 *       again when it reads back 0, logging once per event.</li>
 *   <li>Table 5 "ADC settings": 12-bit conversion takes 532 µs; bus and shunt alternate, so a
 *       fresh current value needs about 1.1 ms after re-calibration.</li>
 * </ul>
 */
public final class Ina219 implements Sensor {

    public static final int REG_CONFIG = 0x00;
    public static final int REG_SHUNT = 0x01;
    public static final int REG_BUS = 0x02;
    public static final int REG_POWER = 0x03;
    public static final int REG_CURRENT = 0x04;
    public static final int REG_CALIBRATION = 0x05;
    public static final int CONFIG_RESET_VALUE = 0x399F;
    public static final int CONFIG_RST = 0x8000;
    private static final double MAX_BUS_VOLTS = 26;
    private static final Duration CONVERSION = Duration.ofMillis(2);

    private static final Set<Quantity> QUANTITIES = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of(Quantity.VOLTAGE, Quantity.CURRENT, Quantity.POWER)));

    private final I2cDevice device;
    private final Delay delay;
    private final Ina219Settings settings;
    private long recalibrations;

    public Ina219(I2cDevice device, Delay delay, Ina219Settings settings) {
        this.device = Objects.requireNonNull(device, "device");
        this.delay = Objects.requireNonNull(delay, "delay");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String model() {
        return "INA219";
    }

    @Override
    public Set<Quantity> quantities() {
        return QUANTITIES;
    }

    /** How often the calibration had to be written again after the chip lost it. */
    public long recalibrations() {
        return recalibrations;
    }

    @Override
    public void init() throws SensorException {
        try {
            // No id register: after a reset the configuration must read its documented reset value.
            device.writeWord(REG_CONFIG, CONFIG_RST, ByteOrder.BIG_ENDIAN);
            int config = device.readWord(REG_CONFIG, ByteOrder.BIG_ENDIAN);
            if (config != CONFIG_RESET_VALUE) {
                throw new SensorException(new SensorFault.WrongChipId(CONFIG_RESET_VALUE, config));
            }
            configure();
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
    }

    @Override
    public List<Measurement> read() throws SensorException {
        try {
            if (device.readWord(REG_CALIBRATION, ByteOrder.BIG_ENDIAN) == 0) {
                recalibrations++;
                Logger.warn("ina219: at {} on i2c-{} lost its calibration (reset or brown-out); writing it again",
                        Hex.byteHex(device.address()), device.bus());
                configure();
                delay.pause(CONVERSION);
            }
            int bus = device.readWord(REG_BUS, ByteOrder.BIG_ENDIAN);
            int shunt = (short) device.readWord(REG_SHUNT, ByteOrder.BIG_ENDIAN);
            int current = (short) device.readWord(REG_CURRENT, ByteOrder.BIG_ENDIAN);
            int power = device.readWord(REG_POWER, ByteOrder.BIG_ENDIAN);
            double volts = (bus >> 3) * 0.004;
            double maxAmps = settings.maxCurrentAmps();
            if ((bus & 0x01) != 0) {
                double amps = shunt * 10e-6 / settings.shuntOhms();
                throw new SensorException(new SensorFault.OutOfRange(Quantity.CURRENT, amps, -maxAmps, maxAmps));
            }
            SensorException.requireInRange(Quantity.VOLTAGE, volts, 0, MAX_BUS_VOLTS);
            return List.of(
                    new Measurement(Quantity.VOLTAGE, volts),
                    new Measurement(Quantity.CURRENT, current * settings.currentLsbAmps()),
                    new Measurement(Quantity.POWER, power * settings.powerLsbWatts()));
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
    }

    private void configure() throws I2cException {
        device.writeWord(REG_CONFIG, settings.configRegister(), ByteOrder.BIG_ENDIAN);
        device.writeWord(REG_CALIBRATION, settings.calibrationRegister(), ByteOrder.BIG_ENDIAN);
    }
}
