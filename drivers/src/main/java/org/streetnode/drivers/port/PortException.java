package org.streetnode.drivers.port;

/**
 * A port could not be opened or a transfer on it failed; the message names the port.
 * {@link #unavailable()} tells the two apart: the device itself is not there (its device node,
 * bus or line is missing, busy or not permitted, or the port died under its user, as a serial
 * adapter does when it is unplugged), rather than answering badly.
 */
public class PortException extends Exception {

    private final boolean unavailable;

    public PortException(String message) {
        this(message, null, false);
    }

    public PortException(String message, Throwable cause) {
        this(message, cause, false);
    }

    protected PortException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** The device is not there to be used: it could not be opened, or its port died. */
    public static PortException unavailable(String message, Throwable cause) {
        return new PortException(message, cause, true);
    }

    /** Whether the device is not there, as opposed to there and failing. */
    public boolean unavailable() {
        return unavailable;
    }
}
