package org.streetnode.agent.config;

import java.time.Duration;

/**
 * {@code [sampling]}: defaults for every sensor of the board profile that does not set its own.
 *
 * @param period how often a sensor is read
 * @param timeout how long one read may take before the sensor counts as failing
 * @param stuckSamples identical consecutive values after which a sensor is marked stuck (0: off)
 */
public record SamplingConfig(Duration period, Duration timeout, int stuckSamples) {
    static SamplingConfig read(ConfigTable t) {
        return new SamplingConfig(
                t.duration("period", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofHours(24)),
                t.duration("timeout", Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMinutes(1)),
                t.integer("stuck_samples", 30, 0, 100_000));
    }
}
