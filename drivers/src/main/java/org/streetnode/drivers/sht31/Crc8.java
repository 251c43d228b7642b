package org.streetnode.drivers.sht31;

/**
 * The Sensirion CRC-8 (SHT3x datasheet 4.12 "Checksum Calculation"): polynomial 0x31
 * (x⁸ + x⁵ + x⁴ + 1), initial value 0xFF, no reflection, no final XOR. Example: 0xBEEF gives 0x92.
 */
public final class Crc8 {

    private Crc8() {
    }

    /** CRC of the two bytes of one data word. */
    public static int of(int msb, int lsb) {
        int crc = 0xFF;
        for (int b : new int[] {msb, lsb}) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ 0x31 : crc << 1;
            }
        }
        return crc & 0xFF;
    }
}
