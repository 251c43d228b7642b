package org.streetnode.drivers.bh1750;

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

/**
 * ROHM BH1750FVI: ambient light in lux over I2C, the input of dusk/dawn switching.
 *
 * <h2>Wiring</h2>
 * VCC to 3.3 V, GND, SCL/SDA to {@code i2c-1}. ADDR low (or open on most modules) gives 0x23,
 * ADDR high gives 0x5C. Mount it under a clear dome, facing the sky, shaded from the node's own
 * lamp.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [[sensor]]
 * id = "light"
 * driver = "bh1750"
 * bus = 1
 * address = 0x23
 * mtreg = 31        # optional, 31..254
 * }</pre>
 *
 * <h2>Datasheet facts relied on (BH1750FVI, ROHM 2011.11 Rev.D)</h2>
 * <ul>
 *   <li>"Instruction Set Architecture": Power On 0x01, Reset 0x07 (clears the data register,
 *       only while powered on), One Time H-Resolution Mode 0x20 (measures once, then powers
 *       down), Change Measurement Time high bits {@code 01000_MT[7:5]}, low bits
 *       {@code 011_MT[4:0]}. The result is read as two bytes, high byte first.</li>
 *   <li>"Measurement sequence example": H-resolution takes typ. 120 ms, max. 180 ms at the default
 *       MTreg of 69; the time scales with MTreg / 69.</li>
 *   <li>"Adjust measurement result for influence of optical window": MTreg 31..254, default 69.
 *       lux = count / 1.2 · (69 / MTreg).</li>
 * </ul>
 * The driver defaults to MTreg 31, the datasheet minimum, not the chip's 69: at 69 the range ends
 * at 54,612 lx, which a summer noon in direct sun exceeds; at 31 it reaches 121,557 lx with a
 * resolution of 1.85 lx, still fine for a dusk threshold. A full-scale count (0xFFFF) is
 * reported as {@link SensorFault.OutOfRange}: the light is brighter than the chip can tell.
 */
public final class Bh1750 implements Sensor {

    public static final int POWER_ON = 0x01;
    public static final int RESET = 0x07;
    public static final int ONE_TIME_H_RES = 0x20;
    public static final int MT_HIGH = 0x40;
    public static final int MT_LOW = 0x60;
    public static final int DEFAULT_MTREG = 69;
    public static final int OUTDOOR_MTREG = 31;

    private static final Duration MAX_TIME_AT_DEFAULT = Duration.ofMillis(180);

    private final I2cDevice device;
    private final Delay delay;
    private final int mtreg;

    /** With MTreg 31 (the outdoor range). */
    public Bh1750(I2cDevice device, Delay delay) {
        this(device, delay, OUTDOOR_MTREG);
    }

    public Bh1750(I2cDevice device, Delay delay, int mtreg) {
        if (mtreg < 31 || mtreg > 254) {
            throw new IllegalArgumentException("MTreg must be 31..254, not " + mtreg);
        }
        this.device = Objects.requireNonNull(device, "device");
        this.delay = Objects.requireNonNull(delay, "delay");
        this.mtreg = mtreg;
    }

    @Override
    public String model() {
        return "BH1750";
    }

    @Override
    public Set<Quantity> quantities() {
        return Set.of(Quantity.ILLUMINANCE);
    }

    /** Measuring time for the configured MTreg (datasheet max. at 69, scaled). */
    public Duration measurementTime() {
        return Duration.ofNanos(MAX_TIME_AT_DEFAULT.toNanos() * mtreg / DEFAULT_MTREG);
    }

    /** The largest illuminance this setting can report. */
    public double maxLux() {
        return lux(0xFFFE);
    }

    @Override
    public void init() throws SensorException {
        try {
            // The chip has no id register: an ACKed power-on is the probe.
            command(POWER_ON);
            command(RESET);
            command(MT_HIGH | mtreg >> 5);
            command(MT_LOW | mtreg & 0x1F);
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
    }

    @Override
    public List<Measurement> read() throws SensorException {
        byte[] data = new byte[2];
        try {
            // One-time mode powers down after each measurement: power on again first.
            command(POWER_ON);
            command(ONE_TIME_H_RES);
            delay.pause(measurementTime());
            device.read(data);
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
        int count = (data[0] & 0xFF) << 8 | data[1] & 0xFF;
        double lux = lux(count);
        if (count == 0xFFFF) {
            throw new SensorException(new SensorFault.OutOfRange(Quantity.ILLUMINANCE, lux, 0, maxLux()));
        }
        return List.of(new Measurement(Quantity.ILLUMINANCE, lux));
    }

    double lux(int count) {
        return count / 1.2 * (DEFAULT_MTREG / (double) mtreg);
    }

    private void command(int opcode) throws I2cException {
        device.write(new byte[] {(byte) opcode});
    }
}
