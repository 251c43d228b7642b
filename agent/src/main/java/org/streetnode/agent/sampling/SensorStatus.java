package org.streetnode.agent.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One sensor's standing, for the shell and diagnostics.
 *
 * @param id the sensor's id from the board profile
 * @param model the driver's chip name ("BME280")
 * @param health how it is doing
 * @param lastError the last failure's reason, precise ("no ACK at 0x76 on i2c-1"), kept after recovery
 * @param lastErrorAt when that was
 * @param lastReadingAt when it last gave good readings
 * @param consecutiveFailures failures since the last good read
 * @param nextAttempt when it will be read next
 * @param period its configured period
 */
public record SensorStatus(String id, String model, SensorHealth health, Optional<String> lastError,
        Optional<Instant> lastErrorAt, Optional<Instant> lastReadingAt, int consecutiveFailures,
        Optional<Instant> nextAttempt, Duration period) {
}
