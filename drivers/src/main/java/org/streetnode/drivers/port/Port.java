package org.streetnode.drivers.port;

/**
 * What every port has: it can be let go. Closing releases what the port holds (a GPIO line, a
 * device file, a PWM channel), so the same device can be opened again, for example after it was
 * unplugged and plugged back in. Every operation on a closed port fails with a
 * {@link PortException}.
 */
public interface Port extends AutoCloseable {

    /** Releases the port; idempotent, never throws. */
    @Override
    void close();
}
