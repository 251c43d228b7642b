package org.streetnode.agent.lwm2m.object;

import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lwm2m.model.ObjectSpec;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * The base of the IPSO and uCIFI objects that show one sensor's readings: which resource carries
 * which quantity, and telling observers. The buffered delivery (LwM2M Send) names each reading
 * by that path, so the platform sees the same resource whether it reads, observes or receives a
 * Send. Each new reading of one of the instance's quantities notifies observers of its resource
 * and of 5518 Timestamp (and of what {@link #changedBy} adds). Writes are refused with 4.05:
 * the board profile names sensors (5750 Application Type).
 */
public abstract class SensorObject extends ModelledInstance {
    static final int TIMESTAMP = 5518;
    static final int APPLICATION_TYPE = 5750;

    protected final SensorSource sensor;
    private final Map<Quantity, Integer> resources;

    /** @param resources the resource id of each quantity of the sensor this instance shows */
    protected SensorObject(ObjectSpec spec, int instanceId, SensorSource sensor, Map<Quantity, Integer> resources) {
        super(spec, instanceId);
        this.sensor = sensor;
        this.resources = Map.copyOf(resources);
        // called on the sampler's thread, possibly before a subclass's constructor is done:
        // changedBy may use only what this class holds
        sensor.onReading(this.resources.keySet(), r -> changed(changedBy(r)));
    }

    public final String sensorId() {
        return sensor.sensorId();
    }

    /** Resource id per quantity this instance shows. */
    public final Map<Quantity, Integer> resources() {
        return resources;
    }

    /** The resources a new reading changes: its quantity's and 5518 Timestamp. */
    protected int[] changedBy(Reading r) {
        return new int[] {resources.get(r.quantity()), TIMESTAMP};
    }

    /** 5518 Timestamp: when the latest of the instance's readings was taken; 4.04 before the first. */
    protected final ReadResponse timestamp() {
        return sensor.timestamp(TIMESTAMP, resources.keySet().toArray(new Quantity[0]));
    }

    /** 5750 Application Type: the sensor's id and driver from the board profile. */
    protected final ReadResponse applicationType() {
        return ReadResponse.success(APPLICATION_TYPE, sensor.sensorId() + " (" + sensor.driver() + ")");
    }

    @Override
    protected final Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        return Optional.of(WriteResponse.methodNotAllowed());
    }
}
