package org.streetnode.drivers.sim;

/**
 * Seeded, smooth value noise: a pure function of (seed, channel, time), so the world is the same
 * however often or in whatever order it is sampled.
 */
final class Noise {

    private Noise() {
    }

    /** A value in [-1, 1] that drifts smoothly over {@code periodSeconds}. */
    static double smooth(long seed, int channel, double seconds, double periodSeconds) {
        double x = seconds / periodSeconds;
        long i = (long) Math.floor(x);
        double f = x - i;
        double s = f * f * (3 - 2 * f);
        return lattice(seed, channel, i) * (1 - s) + lattice(seed, channel, i + 1) * s;
    }

    /** A uniform value in [0, 1) for one integer slot. */
    static double uniform(long seed, int channel, long slot, int draw) {
        long h = mix(seed ^ mix(channel * 0x9E3779B97F4A7C15L + slot) ^ (long) draw << 48);
        return (h >>> 11) * 0x1.0p-53;
    }

    private static double lattice(long seed, int channel, long i) {
        return uniform(seed, channel, i, 0) * 2 - 1;
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
