package org.streetnode.agent.lwm2m.object;

import java.util.Map;
import org.streetnode.drivers.Quantity;

/**
 * An instance that shows one sensor's readings: which resource carries which quantity. The
 * buffered delivery (LwM2M Send) names each reading by that path, so the platform sees the
 * same resource whether it reads, observes or receives a Send.
 */
public interface SensorInstance {
    String sensorId();

    /** Resource id per quantity this instance shows. */
    Map<Quantity, Integer> resources();
}
