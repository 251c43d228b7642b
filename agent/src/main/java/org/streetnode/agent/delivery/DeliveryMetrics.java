package org.streetnode.agent.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the shell and the Device object show about delivery.
 *
 * @param state what the engine is doing
 * @param lastDelivery when the server last acknowledged a batch
 * @param drainRatePerSecond readings acknowledged per second over the last minute
 * @param deliveredReadings readings acknowledged since start
 * @param quarantinedBatches batches the server rejected as malformed, moved aside since start
 * @param failedSends Sends that failed or timed out since start
 * @param notStored readings not stored because they were taken offline while the server's
 *     Notification Storing was false
 */
public record DeliveryMetrics(
        DeliveryState state,
        Optional<Instant> lastDelivery,
        double drainRatePerSecond,
        long deliveredReadings,
        long quarantinedBatches,
        long failedSends,
        long notStored) {
    public DeliveryMetrics {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastDelivery, "lastDelivery");
    }
}
