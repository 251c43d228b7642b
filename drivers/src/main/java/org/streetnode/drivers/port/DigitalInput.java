package org.streetnode.drivers.port;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A GPIO input with debounce: an edge is reported once the level has settled for the
 * {@link #debounce()} time. Listeners run on the board's event thread (Pi4J's GPIO thread or the
 * caller advancing the emulated board), so they must be quick and must not block.
 */
public interface DigitalInput extends Port {

    int pin();

    Duration debounce();

    /** The current level of the pin. */
    boolean isHigh() throws PortException;

    /** Registers a listener for debounced edges; returns a handle that removes it again. */
    AutoCloseable onEdge(Consumer<DigitalEdge> listener);
}
