package org.streetnode.agent.lwm2m.model;

/** A closed numeric range of a resource ({@code min..max} in the registry's notation). */
public record NumericRange(double min, double max) {
    public NumericRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return format(min) + ".." + format(max);
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
