package org.streetnode.drivers.pi4j.internal;

import org.streetnode.drivers.port.I2cException;

/** Turns what Pi4J throws into our port exceptions. */
final class Pi4jFailures {

    private Pi4jFailures() {
    }

    /**
     * Linux reports a missing ACK as EREMOTEIO ("Remote I/O error") or ENXIO ("No such device or
     * address"); Pi4J's LinuxFS provider passes strerror() on as the message of a nested
     * IOException inside a Pi4JException.
     */
    static I2cException i2c(int bus, int address, RuntimeException e) {
        String root = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("Remote I/O error") || m.contains("No such device or address"))) {
                return new I2cException(bus, address, I2cException.Kind.NO_ACK, "", e);
            }
            if (m != null) {
                root = m;
            }
        }
        return new I2cException(bus, address, I2cException.Kind.BUS_ERROR, root, e);
    }
}
