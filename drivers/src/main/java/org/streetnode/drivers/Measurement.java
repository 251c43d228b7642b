package org.streetnode.drivers;

import java.util.Objects;

/** One value a driver measured, in the unit of its quantity. */
public record Measurement(Quantity quantity, double value) {
    public Measurement {
        Objects.requireNonNull(quantity, "quantity");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(quantity + " value is not finite: " + value);
        }
    }
}
