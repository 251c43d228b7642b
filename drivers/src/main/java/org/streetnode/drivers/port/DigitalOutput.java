package org.streetnode.drivers.port;

/** A GPIO output. High means the pin drives 3.3 V. */
public interface DigitalOutput extends Port {

    int pin();

    void setHigh(boolean high) throws PortException;

    /** The level last driven. */
    boolean isHigh();
}
