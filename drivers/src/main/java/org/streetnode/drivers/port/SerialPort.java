package org.streetnode.drivers.port;

import java.time.Duration;

/** A UART: bytes in with a timeout, bytes out. */
public interface SerialPort extends Port {

    String device();

    int baud();

    /**
     * Reads what is available, waiting up to {@code timeout} for the first byte.
     *
     * @return bytes read into {@code buffer}, 0 when nothing arrived within the timeout
     */
    int read(byte[] buffer, Duration timeout) throws PortException;

    void write(byte[] data) throws PortException;
}
