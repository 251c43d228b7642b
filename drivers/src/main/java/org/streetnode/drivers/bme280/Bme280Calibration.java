package org.streetnode.drivers.bme280;

/**
 * The factory trimming parameters of one BME280 (datasheet section 4.2.2, table 16
 * "Compensation parameter storage, naming and data type"), and the integer compensation of
 * section 4.2.3 that turns raw ADC counts into physical values with them.
 *
 * <p>All fields hold the value with the signedness of the datasheet table: T1, P1, H1 and H3 are
 * unsigned; H4 and H5 are signed 12-bit; H6 is signed 8-bit.
 */
public record Bme280Calibration(
        int t1, int t2, int t3,
        int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
        int h1, int h2, int h3, int h4, int h5, int h6) {

    /** Bytes in the block 0x88..0xA1 (T1..P9 little-endian words, a reserved byte, H1). */
    public static final int BLOCK1_LENGTH = 26;
    /** Bytes in the block 0xE1..0xE7 (H2..H6). */
    public static final int BLOCK2_LENGTH = 7;

    /** Decodes the two calibration blocks as read from registers 0x88 and 0xE1. */
    public static Bme280Calibration parse(byte[] block1, byte[] block2) {
        if (block1.length != BLOCK1_LENGTH || block2.length != BLOCK2_LENGTH) {
            throw new IllegalArgumentException("calibration blocks must be 26 and 7 bytes");
        }
        int e4 = u8(block2, 3);
        int e5 = u8(block2, 4);
        int e6 = u8(block2, 5);
        return new Bme280Calibration(
                u16(block1, 0), s16(block1, 2), s16(block1, 4),
                u16(block1, 6), s16(block1, 8), s16(block1, 10), s16(block1, 12), s16(block1, 14),
                s16(block1, 16), s16(block1, 18), s16(block1, 20), s16(block1, 22),
                u8(block1, 25),
                s16(block2, 0),
                u8(block2, 2),
                signExtend12(e4 << 4 | e5 & 0x0F),
                signExtend12(e6 << 4 | e5 >> 4),
                block2[6]);
    }

    /** The inverse of {@link #parse}: the bytes a chip with these parameters holds at 0x88. */
    public byte[] block1() {
        byte[] b = new byte[BLOCK1_LENGTH];
        int[] words = {t1, t2, t3, p1, p2, p3, p4, p5, p6, p7, p8, p9};
        for (int i = 0; i < words.length; i++) {
            b[2 * i] = (byte) words[i];
            b[2 * i + 1] = (byte) (words[i] >> 8);
        }
        b[25] = (byte) h1;
        return b;
    }

    /** The inverse of {@link #parse}: the bytes a chip with these parameters holds at 0xE1. */
    public byte[] block2() {
        return new byte[] {
            (byte) h2, (byte) (h2 >> 8), (byte) h3,
            (byte) (h4 >> 4), (byte) ((h4 & 0x0F) | (h5 & 0x0F) << 4), (byte) (h5 >> 4), (byte) h6};
    }

    /**
     * Fine temperature t_fine from raw temperature (BME280_compensate_T_int32). Temperature in
     * hundredths of a degree is {@code (tFine * 5 + 128) >> 8}.
     */
    public int tFine(int adcT) {
        int var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11;
        int d = (adcT >> 4) - t1;
        int var2 = (((d * d) >> 12) * t3) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C. */
    public static int centiCelsius(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** Pressure in Pa as Q24.8 (BME280_compensate_P_int64); 0 when the calibration is degenerate. */
    public long pressureQ24x8(int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * p6;
        var2 = var2 + ((var1 * p5) << 17);
        var2 = var2 + ((long) p4 << 35);
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12);
        var1 = (((1L << 47) + var1) * p1) >> 33;
        if (var1 == 0) {
            return 0; // the datasheet's guard against division by zero
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = ((long) p9 * (p >> 13) * (p >> 13)) >> 25;
        var2 = ((long) p8 * p) >> 19;
        return ((p + var1 + var2) >> 8) + ((long) p7 << 4);
    }

    /** Relative humidity in %RH as Q22.10 (bme280_compensate_H_int32), clamped to 0..100 %. */
    public int humidityQ22x10(int adcH, int tFine) {
        int v = tFine - 76800;
        v = (((((adcH << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15)
                * (((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14));
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4);
        v = Math.max(v, 0);
        v = Math.min(v, 419430400);
        return v >> 12;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int s16(byte[] b, int i) {
        return (short) u16(b, i);
    }

    private static int signExtend12(int v) {
        return (v << 20) >> 20;
    }
}
