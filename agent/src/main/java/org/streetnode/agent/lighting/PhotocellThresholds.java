package org.streetnode.agent.lighting;

/**
 * The photocell's switching points (LwM2M 3419/1 and /2): it turns dark below {@code onLux} and
 * light again above {@code offLux}; the gap between them keeps the lamp from flickering when
 * the light hovers around one value.
 */
public record PhotocellThresholds(double onLux, double offLux) {
    public static final double MAX_LUX = 100_000;

    public PhotocellThresholds {
        if (!Double.isFinite(onLux) || !Double.isFinite(offLux) || onLux < 0 || offLux > MAX_LUX) {
            throw new IllegalArgumentException("photocell thresholds must be between 0 and " + (int) MAX_LUX + " lx");
        }
        if (offLux <= onLux) {
            throw new IllegalArgumentException("the off threshold (" + offLux + " lx) must be above the on threshold ("
                    + onLux + " lx)");
        }
    }
}
