package org.streetnode.drivers.ads1115;

import java.util.Objects;
import org.streetnode.drivers.Quantity;

/**
 * What one ADS1115 input measures: a linear map from volts to a quantity,
 * {@code value = offset + perVolt · volts}. Example, an analog sound level meter with
 * 0.6..2.6 V for 30..130 dBA: {@code new AnalogChannel(0, Pga.FSR_4_096V, Quantity.SOUND_LEVEL, 50, 0)}.
 */
public record AnalogChannel(int input, Pga pga, Quantity quantity, double perVolt, double offset) {

    public AnalogChannel {
        if (input < 0 || input > 3) {
            throw new IllegalArgumentException("ADS1115 input must be 0..3, not " + input);
        }
        Objects.requireNonNull(pga, "pga");
        Objects.requireNonNull(quantity, "quantity");
        if (perVolt == 0 || !Double.isFinite(perVolt) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("calibration must be finite with a non-zero slope");
        }
    }

    /** The sound level module of the default sensor set: 50 dBA per volt on input 0. */
    public static AnalogChannel soundLevel(int input) {
        return new AnalogChannel(input, Pga.FSR_4_096V, Quantity.SOUND_LEVEL, 50, 0);
    }

    public double toValue(double volts) {
        return offset + perVolt * volts;
    }
}
