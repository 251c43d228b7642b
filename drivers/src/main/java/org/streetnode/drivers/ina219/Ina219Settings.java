package org.streetnode.drivers.ina219;

/**
 * How an INA219 is fitted: its shunt and the largest current expected through it. From these the
 * driver derives the configuration and calibration registers (datasheet 8.5.1 "Programming the
 * Calibration Register").
 */
public record Ina219Settings(double shuntOhms, double maxCurrentAmps) {

    /** Full-scale shunt voltages of the PGA settings /1, /2, /4, /8 (datasheet table 4). */
    private static final double[] PGA_RANGES_VOLTS = {0.040, 0.080, 0.160, 0.320};
    /** 0.1 Ω · 3.2 A is 0.32000000000000006 V in binary floating point. */
    private static final double ROUNDING = 1e-12;

    public Ina219Settings {
        if (!(shuntOhms > 0) || !(maxCurrentAmps > 0)) {
            throw new IllegalArgumentException("shunt ohms and max current must be positive");
        }
        if (shuntOhms * maxCurrentAmps > PGA_RANGES_VOLTS[3] + ROUNDING) {
            throw new IllegalArgumentException("%s A through %s ohm drops %s V, above the INA219's 0.32 V shunt range"
                    .formatted(maxCurrentAmps, shuntOhms, shuntOhms * maxCurrentAmps));
        }
    }

    /** The common breakout: 0.1 Ω shunt, up to 3.2 A. */
    public static Ina219Settings breakout() {
        return new Ina219Settings(0.1, 3.2);
    }

    /** PG bits: the smallest shunt range that holds the maximum current. */
    public int pgaBits() {
        double volts = shuntOhms * maxCurrentAmps;
        for (int i = 0; i < PGA_RANGES_VOLTS.length; i++) {
            if (volts <= PGA_RANGES_VOLTS[i] + ROUNDING) {
                return i;
            }
        }
        return 3;
    }

    /**
     * Configuration register: 32 V bus range, the PGA above, 12-bit ADCs for bus and shunt
     * (0b0011, 532 µs each), mode 0b111 shunt and bus continuous.
     */
    public int configRegister() {
        return 1 << 13 | pgaBits() << 11 | 0b0011 << 7 | 0b0011 << 3 | 0b111;
    }

    /** Calibration = trunc(0.04096 / (Current_LSB · R_shunt)), Current_LSB = max / 2¹⁵; bit 0 is always 0. */
    public int calibrationRegister() {
        double currentLsb = maxCurrentAmps / 32768;
        int cal = (int) (0.04096 / (currentLsb * shuntOhms));
        return Math.min(cal, 0xFFFE) & 0xFFFE;
    }

    /** The current LSB the calibration register actually yields, in A. */
    public double currentLsbAmps() {
        return 0.04096 / (calibrationRegister() * shuntOhms);
    }

    /** Power LSB = 20 · Current_LSB, in W. */
    public double powerLsbWatts() {
        return 20 * currentLsbAmps();
    }
}
