package org.streetnode.drivers.pi4j.internal;

import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Objects;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.PortException;

/** The output port on a Pi4J digital output. */
public final class Pi4jDigitalOutput implements DigitalOutput {

    private final com.pi4j.io.gpio.digital.DigitalOutput output;
    private volatile boolean high;

    public Pi4jDigitalOutput(com.pi4j.io.gpio.digital.DigitalOutput output, boolean initialHigh) {
        this.output = Objects.requireNonNull(output, "output");
        this.high = initialHigh;
    }

    @Override
    public int pin() {
        return output.address();
    }

    @Override
    public void setHigh(boolean level) throws PortException {
        try {
            output.state(level ? DigitalState.HIGH : DigitalState.LOW);
            high = level;
        } catch (RuntimeException e) {
            throw new PortException("cannot drive GPIO" + pin() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isHigh() {
        return high;
    }
}
