package org.streetnode.drivers.ads1115;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
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
 * TI ADS1115: 16-bit, 4-input ADC for analog modules (sound level, and whatever else is wired),
 * each input mapped to a quantity by an {@link AnalogChannel}.
 *
 * <h2>Wiring</h2>
 * VDD to 3.3 V, GND, SCL/SDA to {@code i2c-1}. ADDR to GND gives 0x48, to VDD 0x49, to SDA 0x4A,
 * to SCL 0x4B (datasheet table 4). Inputs A0..A3 single-ended against GND; never above VDD + 0.3 V
 * whatever the PGA says.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [[sensor]]
 * id = "noise"
 * driver = "ads1115"
 * bus = 1
 * address = 0x48
 * channel = 0           # A0; one channel per [[sensor]] entry
 * full_scale = 4.096    # the PGA's full-scale voltage
 * quantity = "sound-level"
 * per_volt = 50.0       # value = volts * per_volt + offset
 * offset = 0.0
 * }</pre>
 *
 * <h2>Datasheet facts relied on (ADS111x, SBAS444D)</h2>
 * <ul>
 *   <li>9.6.1 "Address Pointer Register": 00 conversion, 01 config, 10 Lo_thresh, 11 Hi_thresh;
 *       16-bit registers, MSB first. Lo_thresh resets to 0x8000 and Hi_thresh to 0x7FFF; the
 *       driver never writes them, so Hi_thresh = 0x7FFF is its probe.</li>
 *   <li>9.6.3 "Config Register": OS[15] (write 1: start a single conversion; read 0: converting,
 *       1: idle), MUX[14:12] 100..111 = AINx against GND, PGA[11:9], MODE[8] 1 = single-shot,
 *       DR[7:5] 100 = 128 SPS, COMP_QUE[1:0] 11 = comparator off.</li>
 *   <li>9.3.6 "Output Data Rate and Conversion Time": a conversion takes 1/DR (7.8 ms at 128 SPS),
 *       DR within ±10 %. The driver waits 9 ms, then polls OS for at most 5 ms more.</li>
 *   <li>9.5.4 "Data Format": two's complement, LSB = FSR / 2¹⁵; 0x7FFF and 0x8000 mean the input
 *       is at or beyond full scale, reported as {@link SensorFault.OutOfRange}.</li>
 * </ul>
 */
public final class Ads1115 implements Sensor {

    public static final int REG_CONVERSION = 0b00;
    public static final int REG_CONFIG = 0b01;
    public static final int REG_LO_THRESH = 0b10;
    public static final int REG_HI_THRESH = 0b11;
    public static final int HI_THRESH_RESET = 0x7FFF;
    public static final int CONFIG_OS = 0x8000;
    private static final int DR_128_SPS = 0b100;
    private static final Duration CONVERSION = Duration.ofMillis(9);
    private static final Duration POLL = Duration.ofMillis(1);
    private static final int POLLS = 5;

    private final I2cDevice device;
    private final Delay delay;
    private final List<AnalogChannel> channels;
    private final Set<Quantity> quantities;

    public Ads1115(I2cDevice device, Delay delay, List<AnalogChannel> channels) {
        this.device = Objects.requireNonNull(device, "device");
        this.delay = Objects.requireNonNull(delay, "delay");
        this.channels = List.copyOf(channels);
        Set<Quantity> q = new LinkedHashSet<>();
        for (AnalogChannel channel : this.channels) {
            if (!q.add(channel.quantity())) {
                throw new IllegalArgumentException("two ADS1115 inputs measure " + channel.quantity());
            }
        }
        if (q.isEmpty()) {
            throw new IllegalArgumentException("an ADS1115 needs at least one channel");
        }
        this.quantities = Collections.unmodifiableSet(q);
    }

    @Override
    public String model() {
        return "ADS1115";
    }

    @Override
    public Set<Quantity> quantities() {
        return quantities;
    }

    @Override
    public void init() throws SensorException {
        try {
            int hiThresh = device.readWord(REG_HI_THRESH, ByteOrder.BIG_ENDIAN);
            if (hiThresh != HI_THRESH_RESET) {
                throw new SensorException(new SensorFault.WrongChipId(HI_THRESH_RESET, hiThresh));
            }
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
    }

    @Override
    public List<Measurement> read() throws SensorException {
        List<Measurement> out = new ArrayList<>(channels.size());
        for (AnalogChannel channel : channels) {
            int counts = convert(channel.input(), channel.pga());
            double value = channel.toValue(counts * channel.pga().voltsPerCount());
            if (counts == Short.MAX_VALUE || counts == Short.MIN_VALUE) {
                double a = channel.toValue(-channel.pga().fullScaleVolts());
                double b = channel.toValue(channel.pga().fullScaleVolts());
                throw new SensorException(
                        new SensorFault.OutOfRange(channel.quantity(), value, Math.min(a, b), Math.max(a, b)));
            }
            out.add(new Measurement(channel.quantity(), value));
        }
        return out;
    }

    /** One single-shot conversion of input {@code input} against GND, in volts. */
    public double readVolts(int input, Pga pga) throws SensorException {
        return convert(input, pga) * pga.voltsPerCount();
    }

    private int convert(int input, Pga pga) throws SensorException {
        int config = CONFIG_OS | (0b100 | input) << 12 | pga.bits() << 9 | 1 << 8 | DR_128_SPS << 5 | 0b11;
        try {
            device.writeWord(REG_CONFIG, config, ByteOrder.BIG_ENDIAN);
            delay.pause(CONVERSION);
            for (int i = 0; ; i++) {
                if ((device.readWord(REG_CONFIG, ByteOrder.BIG_ENDIAN) & CONFIG_OS) != 0) {
                    break;
                }
                if (i == POLLS) {
                    throw new SensorException(
                            new SensorFault.Timeout("conversion", CONVERSION.plus(POLL.multipliedBy(POLLS))));
                }
                delay.pause(POLL);
            }
            return (short) device.readWord(REG_CONVERSION, ByteOrder.BIG_ENDIAN);
        } catch (I2cException e) {
            throw SensorException.from(e);
        }
    }
}
