package org.streetnode.drivers.ads1115;

/** ADS1115 programmable gain: the full-scale range (datasheet 9.6.3, config bits PGA[2:0]). */
public enum Pga {
    FSR_6_144V(0b000, 6.144),
    FSR_4_096V(0b001, 4.096),
    FSR_2_048V(0b010, 2.048),
    FSR_1_024V(0b011, 1.024),
    FSR_0_512V(0b100, 0.512),
    FSR_0_256V(0b101, 0.256);

    private final int bits;
    private final double fullScaleVolts;

    Pga(int bits, double fullScaleVolts) {
        this.bits = bits;
        this.fullScaleVolts = fullScaleVolts;
    }

    public int bits() {
        return bits;
    }

    public double fullScaleVolts() {
        return fullScaleVolts;
    }

    /** Volts per count: FSR / 2¹⁵. */
    public double voltsPerCount() {
        return fullScaleVolts / 32768;
    }

    public static Pga ofBits(int bits) {
        for (Pga pga : values()) {
            if (pga.bits == bits) {
                return pga;
            }
        }
        return FSR_0_256V; // 0b110 and 0b111 also mean ±0.256 V
    }
}
