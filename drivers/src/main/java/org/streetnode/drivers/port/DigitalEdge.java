package org.streetnode.drivers.port;

import java.time.Instant;
import java.util.Objects;

/** A debounced level change on a digital input: the new level and when it was seen. */
public record DigitalEdge(int pin, boolean high, Instant at) {
    public DigitalEdge {
        Objects.requireNonNull(at, "at");
    }

    public boolean rising() {
        return high;
    }
}
