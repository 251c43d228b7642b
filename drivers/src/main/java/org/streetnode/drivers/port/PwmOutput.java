package org.streetnode.drivers.port;

/**
 * A hardware PWM channel. Duty cycle is in percent (0..100); {@link #dutyCycle()} reports what the
 * hardware actually applied, which may be coarser than what was asked (Pi4J resolves whole
 * percent).
 */
public interface PwmOutput extends Port {

    int chip();

    int channel();

    int frequencyHz();

    void setDutyCycle(double percent) throws PortException;

    /** The duty cycle applied, in percent. */
    double dutyCycle();
}
