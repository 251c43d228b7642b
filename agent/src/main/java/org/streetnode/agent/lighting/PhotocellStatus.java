package org.streetnode.agent.lighting;

import java.time.Instant;
import java.util.Optional;
import org.streetnode.agent.config.LightingConfig.PhotocellMode;

/**
 * The photocell as LwM2M 3419 and the shell show it.
 *
 * @param mode how it takes part in the decision
 * @param sensor the light sensor's id; empty when the board has none
 * @param thresholds its switching points
 * @param daylight what it says now (3419/3 is {@code daylight == DARK})
 * @param lux the last illuminance, while it is recent
 * @param readingAt when that was measured
 */
public record PhotocellStatus(PhotocellMode mode, Optional<String> sensor, PhotocellThresholds thresholds,
        Daylight daylight, Optional<Double> lux, Optional<Instant> readingAt) {
}
