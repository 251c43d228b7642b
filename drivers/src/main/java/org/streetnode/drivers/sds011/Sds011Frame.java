package org.streetnode.drivers.sds011;

/** One decoded SDS011 data frame: PM2.5 and PM10 in µg/m³, and the sensor's 16-bit id. */
public record Sds011Frame(double pm25, double pm10, int sensorId) {

    public static final int LENGTH = 10;
    public static final int HEAD = 0xAA;
    public static final int COMMAND = 0xC0;
    public static final int TAIL = 0xAB;

    /** The 10 bytes a sensor sends for these values (the emulator's side of the protocol). */
    public static byte[] encode(double pm25, double pm10, int sensorId) {
        int p25 = (int) Math.round(pm25 * 10);
        int p10 = (int) Math.round(pm10 * 10);
        byte[] f = {(byte) HEAD, (byte) COMMAND, (byte) p25, (byte) (p25 >> 8), (byte) p10, (byte) (p10 >> 8),
            (byte) sensorId, (byte) (sensorId >> 8), 0, (byte) TAIL};
        f[8] = (byte) checksum(f, 0);
        return f;
    }

    /** Low byte of the sum of data bytes 2..7 of the frame starting at {@code start}. */
    public static int checksum(byte[] bytes, int start) {
        int sum = 0;
        for (int i = 2; i <= 7; i++) {
            sum += bytes[start + i] & 0xFF;
        }
        return sum & 0xFF;
    }
}
