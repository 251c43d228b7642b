package org.streetnode.drivers.emulator;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A PIR module's output: high while it sees motion. The world (or a test) drives it with
 * timestamps, contact bounce included if wanted; a stuck output ignores everything.
 */
public final class PirEmulator extends EmulatedDevice {

    private final EmulatedPin pin;

    public PirEmulator(EmulatedPin pin) {
        this.pin = Objects.requireNonNull(pin, "pin");
    }

    @Override
    public Set<Fault> supportedFaults() {
        return EnumSet.of(Fault.STUCK_VALUE);
    }

    public EmulatedPin pin() {
        return pin;
    }

    /** Sets the module output at {@code at}; ignored while stuck. */
    public void output(boolean high, Instant at) {
        if (!has(Fault.STUCK_VALUE)) {
            pin.drive(high, at);
        }
    }

    public boolean outputHigh() {
        return pin.isHigh();
    }
}
