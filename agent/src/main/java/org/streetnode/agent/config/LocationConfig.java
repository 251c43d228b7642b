package org.streetnode.agent.config;

/**
 * {@code [location]}: where the pole stands. Dusk and dawn are computed from it, and the
 * platform reads it from LwM2M object 6. The default is Jena.
 */
public record LocationConfig(double latitude, double longitude, double altitude) {
    public static final LocationConfig JENA = new LocationConfig(50.927, 11.586, 155.0);

    static LocationConfig read(ConfigTable t) {
        return new LocationConfig(
                t.decimal("latitude", JENA.latitude(), -90, 90),
                t.decimal("longitude", JENA.longitude(), -180, 180),
                t.decimal("altitude", JENA.altitude(), -500, 9000));
    }
}
