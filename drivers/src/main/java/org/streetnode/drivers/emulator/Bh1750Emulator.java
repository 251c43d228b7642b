package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.streetnode.drivers.bh1750.Bh1750;

/**
 * A BH1750 at opcode level: power state, MTreg, one-time and continuous modes with the
 * datasheet's typical measuring time (120 ms at MTreg 69, scaled), and the 16-bit data register
 * computed from the target illuminance as count = lux · 1.2 · MTreg / 69.
 */
public final class Bh1750Emulator extends I2cChipEmulator {

    private static final long TYPICAL_NANOS_AT_DEFAULT = Duration.ofMillis(120).toNanos();

    private boolean poweredOn;
    private boolean continuous;
    private int mtreg = Bh1750.DEFAULT_MTREG;
    private int count;
    private Integer pendingCount;
    private Instant readyAt = Instant.MIN;
    private double lux;

    public Bh1750Emulator(Clock clock) {
        super(clock);
    }

    @Override
    public Set<Fault> supportedFaults() {
        return EnumSet.of(Fault.NO_ACK, Fault.STUCK_VALUE, Fault.DISCONNECT_MID_TRANSFER, Fault.OUT_OF_RANGE);
    }

    public void setIlluminance(double lux) {
        this.lux = lux;
    }

    public int mtreg() {
        return mtreg;
    }

    public boolean poweredOn() {
        return poweredOn;
    }

    @Override
    protected boolean onWrite(byte[] data) {
        for (byte b : data) {
            command(b & 0xFF);
        }
        return true;
    }

    private void command(int opcode) {
        settle();
        if (opcode == 0x00) {
            poweredOn = false;
        } else if (opcode == Bh1750.POWER_ON) {
            poweredOn = true;
        } else if (opcode == Bh1750.RESET) {
            if (poweredOn) {
                count = 0;
            }
        } else if ((opcode & 0xF8) == Bh1750.MT_HIGH) {
            mtreg = (opcode & 0x07) << 5 | mtreg & 0x1F;
        } else if ((opcode & 0xE0) == Bh1750.MT_LOW) {
            mtreg = mtreg & 0xE0 | opcode & 0x1F;
        } else if (opcode == 0x10 || opcode == 0x11 || opcode == 0x13) {
            continuous = true;
            startMeasurement();
        } else if (opcode == Bh1750.ONE_TIME_H_RES || opcode == 0x21 || opcode == 0x23) {
            continuous = false;
            startMeasurement();
        }
    }

    private void startMeasurement() {
        if (!poweredOn) {
            return;
        }
        readyAt = now().plusNanos(TYPICAL_NANOS_AT_DEFAULT * mtreg / Bh1750.DEFAULT_MTREG);
        if (has(Fault.STUCK_VALUE)) {
            return;
        }
        long c = has(Fault.OUT_OF_RANGE) ? 0xFFFF : Math.round(lux * 1.2 * mtreg / Bh1750.DEFAULT_MTREG);
        pendingCount = (int) Math.min(Math.max(c, 0), 0xFFFF);
    }

    private void settle() {
        if (pendingCount != null && !now().isBefore(readyAt)) {
            count = pendingCount;
            pendingCount = null;
            if (continuous) {
                startMeasurement();
            } else {
                poweredOn = false; // one-time modes power down when done
            }
        }
    }

    @Override
    protected boolean onRead(byte[] buffer) {
        settle();
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) (i % 2 == 0 ? count >> 8 : count);
        }
        return true;
    }
}
