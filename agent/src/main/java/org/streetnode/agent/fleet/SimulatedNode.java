package org.streetnode.agent.fleet;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * One node of the fleet: its index, credentials, directory, its board's seed (so its own
 * weather and passers-by) and where its pole stands.
 */
record SimulatedNode(int index, NodeKey key, Path directory, long seed, double latitude, double longitude) {
    private static final double KM_PER_DEGREE = 111.32;

    /**
     * Places node {@code index} at a random point (fixed by the index) of a disc of
     * {@code radiusKm} around the centre: a city's poles, not one point.
     */
    static SimulatedNode place(int index, NodeKey key, Path directory, long seedBase, double latitude, double longitude,
            double radiusKm) {
        SplittableRandom random = new SplittableRandom(seedBase * 1_000_003L + index);
        double r = radiusKm * Math.sqrt(random.nextDouble());
        double angle = 2 * Math.PI * random.nextDouble();
        double lat = latitude + r * Math.cos(angle) / KM_PER_DEGREE;
        double lon = longitude + r * Math.sin(angle) / (KM_PER_DEGREE * Math.cos(Math.toRadians(latitude)));
        return new SimulatedNode(index, key, directory, seedBase + index, lat, lon);
    }
}
