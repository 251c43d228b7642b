package org.streetnode.drivers.sht31;

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
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.I2cException;

/**
 * Sensirion SHT31: temperature and relative humidity over I2C, every word CRC-checked.
 *
 * <h2>Wiring</h2>
 * VIN to 3.3 V, GND, SCL/SDA to {@code i2c-1}. ADDR low gives 0x44, ADDR high 0x45. nRESET and
 * ALERT may stay open.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [[sensor]]
 * id = "air2"
 * driver = "sht31"
 * bus = 1
 * address = 0x44
 * }</pre>
 *
 * <h2>Datasheet facts relied on (Datasheet SHT3x-DIS, v6)</h2>
 * <ul>
 *   <li>4.3 "Single Shot Data Acquisition Mode", table 9: command 0x2400 = high repeatability,
 *       clock stretching disabled. With stretching disabled the sensor NACKs its read header until
 *       the measurement is done; table 4: high repeatability takes max. 15.5 ms.</li>
 *   <li>4.11 "Status Register": command 0xF32D, answered with one CRC-protected word; the
 *       driver's probe.</li>
 *   <li>4.9 "Soft Reset": command 0x30A2, done within 1.5 ms (table 4, t_SR).</li>
 *   <li>4.4 / figure 13: the answer is T MSB, T LSB, CRC, RH MSB, RH LSB, CRC.</li>
 *   <li>4.12 "Checksum Calculation": see {@link Crc8}; checked on every word.</li>
 *   <li>4.13 "Conversion of Signal Output": T = −45 + 175 · S_T / (2¹⁶ − 1) °C,
 *       RH = 100 · S_RH / (2¹⁶ − 1) %.</li>
 *   <li>2.1 / 2.2: specified for −40..125 °C and 0..100 %RH.</li>
 * </ul>
 * Clock stretching stays off because the Raspberry Pi's I2C controller handles stretched clocks
 * badly; the driver waits the maximum measurement time instead.
 */
public final class Sht31 implements Sensor {

    public static final int MEASURE_HIGH_NO_STRETCH = 0x2400;
    public static final int SOFT_RESET = 0x30A2;
    public static final int READ_STATUS = 0xF32D;
    public static final Duration MEASUREMENT_MAX = Duration.ofMillis(16);
    private static final Duration RESET_TIME = Duration.ofMillis(2);

    private static final Set<Quantity> QUANTITIES = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY)));

    private final I2cDevice device;
    private final Delay delay;

    public Sht31(I2cDevice device, Delay delay) {
        this.device = Objects.requireNonNull(device, "device");
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    @Override
    public String model() {
        return "SHT31";
    }

    @Override
    public Set<Quantity> quantities() {
        return QUANTITIES;
    }

    @Override
    public void init() throws SensorException {
        try {
            command(SOFT_RESET);
            delay.pause(RESET_TIME);
            // The probe: a status word whose CRC checks proves a Sensirion chip answers.
            command(READ_STATUS);
            byte[] status = new byte[3];
            device.read(status);
            checkedWord(status, 0);
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
    }

    @Override
    public List<Measurement> read() throws SensorException {
        byte[] answer = new byte[6];
        try {
            command(MEASURE_HIGH_NO_STRETCH);
            delay.pause(MEASUREMENT_MAX);
            device.read(answer);
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
        int rawT = checkedWord(answer, 0);
        int rawRh = checkedWord(answer, 3);
        double celsius = -45 + 175.0 * rawT / 65535.0;
        double rh = 100.0 * rawRh / 65535.0;
        SensorException.requireInRange(Quantity.TEMPERATURE, celsius, -40, 125);
        return List.of(new Measurement(Quantity.TEMPERATURE, celsius), new Measurement(Quantity.HUMIDITY, rh));
    }

    private static int checkedWord(byte[] b, int offset) throws SensorException {
        int msb = b[offset] & 0xFF;
        int lsb = b[offset + 1] & 0xFF;
        int expected = Crc8.of(msb, lsb);
        int actual = b[offset + 2] & 0xFF;
        if (expected != actual) {
            throw new SensorException(new SensorFault.CrcMismatch(expected, actual));
        }
        return msb << 8 | lsb;
    }

    private void command(int command) throws I2cException {
        device.write(new byte[] {(byte) (command >> 8), (byte) command});
    }
}
