package org.streetnode.drivers.emulator;

import java.time.Instant;
import java.util.Optional;

/** An emulated device on a UART: a byte stream that grows with time. */
public abstract class SerialDeviceEmulator extends EmulatedDevice {

    /** Moves what the device sent until {@code now} into {@code buffer}; returns the count. */
    public abstract int read(byte[] buffer, Instant now);

    /** When the device will next send, if it will. */
    public abstract Optional<Instant> nextDataAt(Instant now);

    /** Bytes from the host. */
    public abstract void write(byte[] data, Instant now);
}
