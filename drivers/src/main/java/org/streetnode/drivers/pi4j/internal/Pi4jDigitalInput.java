package org.streetnode.drivers.pi4j.internal;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.streetnode.drivers.port.DigitalEdge;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.PortException;

/**
 * The input port on a Pi4J digital input. Debounce is done by the gpiod provider (configured in
 * microseconds); its monitor thread delivers the edges, stamped here with the board clock.
 */
public final class Pi4jDigitalInput implements DigitalInput {

    private final com.pi4j.io.gpio.digital.DigitalInput input;
    private final Duration debounce;
    private final Clock clock;
    private final Runnable release;
    private volatile boolean closed;

    /** @param release lets the line go (the Pi4J input shut down and out of the context's registry) */
    public Pi4jDigitalInput(com.pi4j.io.gpio.digital.DigitalInput input, Duration debounce, Clock clock, Runnable release) {
        this.input = Objects.requireNonNull(input, "input");
        this.debounce = debounce;
        this.clock = clock;
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public int pin() {
        return input.address();
    }

    @Override
    public Duration debounce() {
        return debounce;
    }

    @Override
    public boolean isHigh() throws PortException {
        if (closed) {
            throw new PortException("GPIO" + pin() + " is closed");
        }
        try {
            return input.state() == DigitalState.HIGH;
        } catch (RuntimeException e) {
            throw new PortException("cannot read GPIO" + pin() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AutoCloseable onEdge(Consumer<DigitalEdge> listener) {
        Objects.requireNonNull(listener, "listener");
        DigitalStateChangeListener adapter = event -> listener.accept(
                new DigitalEdge(pin(), event.state() == DigitalState.HIGH, clock.instant()));
        input.addListener(adapter);
        return () -> input.removeListener(adapter);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
