package org.streetnode.drivers;

import java.util.List;
import java.util.Set;

/**
 * The one contract the agent's sampler drives for every sensor.
 *
 * <p>Call {@link #init()} once (and again after a failure, to re-probe); then {@link #read()}
 * as often as the sampling period says. Implementations are not thread-safe: one sampler thread
 * owns a sensor. Retry, backoff and stuck-value detection belong to the sampler, not here.
 */
public interface Sensor {

    /** The chip or module, e.g. {@code "BME280"}. */
    String model();

    /** What {@link #read()} returns, one measurement per quantity. */
    Set<Quantity> quantities();

    /** Probes the device (chip id, first frame) and configures it. */
    void init() throws SensorException;

    /** Takes one reading: one measurement per quantity, in the order of {@link #quantities()}. */
    List<Measurement> read() throws SensorException;
}
