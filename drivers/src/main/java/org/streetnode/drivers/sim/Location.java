package org.streetnode.drivers.sim;

/** Where the simulated node stands, in degrees (north and east positive). */
public record Location(double latitude, double longitude) {

    /** Jena, Thuringia: the default. */
    public static final Location JENA = new Location(50.927, 11.586);

    public Location {
        if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
            throw new IllegalArgumentException("not a place on Earth: " + latitude + ", " + longitude);
        }
    }
}
