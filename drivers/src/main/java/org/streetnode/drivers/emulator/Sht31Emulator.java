package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.streetnode.drivers.sht31.Crc8;
import org.streetnode.drivers.sht31.Sht31;

/**
 * An SHT31 at command level: single-shot measurements without clock stretching (the read header
 * is NACKed until the measurement is done, 12.5 ms typical), soft reset, status register, and
 * answers of CRC-protected words computed from the target temperature and humidity.
 */
public final class Sht31Emulator extends I2cChipEmulator {

    private static final Duration MEASUREMENT_TYPICAL = Duration.ofNanos(12_500_000);
    /** Status after reset: alert pending (bit 15) and system reset detected (bit 4). */
    private static final int STATUS_AFTER_RESET = 0x8010;
    private static final double OUT_OF_RANGE_CELSIUS = 129;

    private double celsius = 20;
    private double humidity = 50;
    private int rawT;
    private int rawRh;
    private boolean measured;
    private byte[] answer;
    private Instant busyUntil = Instant.MIN;

    public Sht31Emulator(Clock clock) {
        super(clock);
    }

    @Override
    public Set<Fault> supportedFaults() {
        return EnumSet.of(Fault.NO_ACK, Fault.CRC_ERROR, Fault.STUCK_VALUE, Fault.DISCONNECT_MID_TRANSFER,
                Fault.OUT_OF_RANGE);
    }

    public void setConditions(double celsius, double relativeHumidity) {
        this.celsius = celsius;
        this.humidity = relativeHumidity;
    }

    @Override
    protected boolean onWrite(byte[] data) {
        if (data.length < 2) {
            return true; // a lone byte is not a command; the chip ignores it
        }
        if (now().isBefore(busyUntil)) {
            return false; // busy measuring: NACK
        }
        int command = (data[0] & 0xFF) << 8 | data[1] & 0xFF;
        switch (command) {
            case Sht31.SOFT_RESET -> answer = null;
            case Sht31.READ_STATUS -> answer = words(STATUS_AFTER_RESET);
            case Sht31.MEASURE_HIGH_NO_STRETCH, 0x240B, 0x2416 -> measure();
            default -> answer = null;
        }
        return true;
    }

    private void measure() {
        busyUntil = now().plus(MEASUREMENT_TYPICAL);
        if (!has(Fault.STUCK_VALUE) || !measured) {
            double t = has(Fault.OUT_OF_RANGE) ? OUT_OF_RANGE_CELSIUS : celsius;
            rawT = (int) Math.round(Math.clamp((t + 45) / 175 * 65535, 0, 65535));
            rawRh = (int) Math.round(Math.clamp(humidity / 100 * 65535, 0, 65535));
            measured = true;
        }
        answer = words(rawT, rawRh);
        if (has(Fault.CRC_ERROR)) {
            answer[2] ^= 0x5A;
        }
    }

    private static byte[] words(int... values) {
        byte[] out = new byte[3 * values.length];
        for (int i = 0; i < values.length; i++) {
            int msb = values[i] >> 8 & 0xFF;
            int lsb = values[i] & 0xFF;
            out[3 * i] = (byte) msb;
            out[3 * i + 1] = (byte) lsb;
            out[3 * i + 2] = (byte) Crc8.of(msb, lsb);
        }
        return out;
    }

    @Override
    protected boolean onRead(byte[] buffer) {
        if (answer == null || now().isBefore(busyUntil)) {
            return false; // nothing to say yet: the read header is NACKed
        }
        System.arraycopy(answer, 0, buffer, 0, Math.min(answer.length, buffer.length));
        answer = null;
        return true;
    }
}
