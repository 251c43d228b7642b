package org.streetnode.drivers.pi4j.internal;

import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Objects;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.PortException;

/** The output port on a Pi4J digital output. */
public final class Pi4jDigitalOutput implements DigitalOutput {

    private final com.pi4j.io.gpio.digital.DigitalOutput output;
    private final Runnable release;
    private volatile boolean high;
    private volatile boolean closed;

    /** @param release lets the line go (the Pi4J output shut down and out of the context's registry) */
    public Pi4jDigitalOutput(com.pi4j.io.gpio.digital.DigitalOutput output, boolean initialHigh, Runnable release) {
        this.output = Objects.requireNonNull(output, "output");
        this.high = initialHigh;
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public int pin() {
        return output.address();
    }

    @Override
    public void setHigh(boolean level) throws PortException {
        if (closed) {
            throw new PortException("GPIO" + pin() + " is closed");
        }
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

    /** Lets the line go, with no shutdown level: the hardware's own default rules. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
