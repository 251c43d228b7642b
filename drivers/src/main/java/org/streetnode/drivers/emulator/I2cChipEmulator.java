package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * An emulated I2C chip: it sees write and read transfers as the bus delivers them. Handles the
 * faults every I2C chip can show (no ACK, disconnect mid-transfer); chips add their own.
 */
public abstract class I2cChipEmulator extends EmulatedDevice {

    /** Returned by {@link #write} and {@link #read} when the address was not acknowledged. */
    public static final int NACK = -1;

    private final Clock clock;

    protected I2cChipEmulator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    protected final Instant now() {
        return clock.instant();
    }

    /** One write transfer; returns the bytes acknowledged, or {@link #NACK}. */
    public final int write(byte[] data) {
        if (has(Fault.NO_ACK)) {
            return NACK;
        }
        return onWrite(data) ? data.length : NACK;
    }

    /** One read transfer; returns the bytes delivered, or {@link #NACK}. */
    public final int read(byte[] buffer) {
        if (has(Fault.NO_ACK)) {
            return NACK;
        }
        if (!onRead(buffer)) {
            return NACK;
        }
        if (has(Fault.DISCONNECT_MID_TRANSFER)) {
            // The wire breaks halfway through this transfer; from now on nobody answers.
            clear(Fault.DISCONNECT_MID_TRANSFER);
            inject(Fault.NO_ACK);
            return buffer.length / 2;
        }
        return buffer.length;
    }

    /** Handles a write; false NACKs the address (e.g. busy). */
    protected abstract boolean onWrite(byte[] data);

    /** Fills {@code buffer}; false NACKs the read header (e.g. measurement still running). */
    protected abstract boolean onRead(byte[] buffer);
}
