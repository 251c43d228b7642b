package org.streetnode.drivers.lamp;

/**
 * How a dim level (0..100 %) becomes PWM duty. The eye sees brightness roughly as a power of
 * the light output, so a gamma curve makes equal steps look equal; linear keeps duty
 * proportional to level, which is what energy figures expect.
 */
public sealed interface DimmingCurve {

    /** Maps a fraction 0..1 of the level to a fraction 0..1 of the duty span. */
    double apply(double fraction);

    record Linear() implements DimmingCurve {
        @Override
        public double apply(double fraction) {
            return fraction;
        }
    }

    record Gamma(double gamma) implements DimmingCurve {
        public Gamma {
            if (!(gamma > 0) || !Double.isFinite(gamma)) {
                throw new IllegalArgumentException("gamma must be positive, not " + gamma);
            }
        }

        @Override
        public double apply(double fraction) {
            return Math.pow(fraction, gamma);
        }
    }

    static DimmingCurve linear() {
        return new Linear();
    }

    static DimmingCurve gamma(double gamma) {
        return new Gamma(gamma);
    }
}
