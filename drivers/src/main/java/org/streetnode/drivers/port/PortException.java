package org.streetnode.drivers.port;

/** A port could not be opened or a transfer on it failed; the message names the port. */
public class PortException extends Exception {

    public PortException(String message) {
        super(message);
    }

    public PortException(String message, Throwable cause) {
        super(message, cause);
    }
}
