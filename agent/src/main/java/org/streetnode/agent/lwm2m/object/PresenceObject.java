package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * A presence detector (PIR) as IPSO Presence (object 3302 v1.1; model: {@link IpsoObjects#PRESENCE}),
 * one instance per detector. Counts of passers-by, never who: privacy by design.
 *
 * <p>5500 Digital Input State: someone is detected (within the profile's hold time);
 * 5501 Digital Input Counter: detections counted since start or the last 5505 Digital Input
 * Counter Reset (kept in {@link org.streetnode.agent.reading.ReadingStatistics}); 5751 Sensor
 * Type: "PIR"; 5750 Application Type: the sensor's id (writes refused, 4.05); 5518 Timestamp:
 * the latest state or count reading. New readings notify observers.
 */
public final class PresenceObject extends ModelledInstance implements SensorInstance {
    private static final Set<Integer> SERVED = Set.of(5500, 5501, 5505, 5751, 5750, 5518);
    private static final Map<Quantity, Integer> RESOURCES = Map.of(Quantity.PRESENCE, 5500, Quantity.PRESENCE_COUNT, 5501);

    private final SensorSource sensor;

    public PresenceObject(int instanceId, SensorSource sensor) {
        super(IpsoObjects.PRESENCE, instanceId);
        this.sensor = sensor;
        sensor.onReading(RESOURCES.keySet(), this::onReading);
    }

    private void onReading(Reading r) {
        changed(RESOURCES.get(r.quantity()), 5518);
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 5500 -> sensor.latest(Quantity.PRESENCE).map(r -> ReadResponse.success(5500, r.value() >= 0.5))
                    .orElseGet(ReadResponse::notFound);
            case 5501 -> sensor.statistics().count(sensor.sensorId(), Quantity.PRESENCE_COUNT)
                    .map(c -> ReadResponse.success(5501, c)).orElseGet(ReadResponse::notFound);
            case 5751 -> ReadResponse.success(5751, "PIR");
            case 5750 -> ReadResponse.success(5750, sensor.sensorId() + " (" + sensor.driver() + ")");
            case 5518 -> sensor.timestamp(5518, Quantity.PRESENCE, Quantity.PRESENCE_COUNT);
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        return Optional.of(WriteResponse.methodNotAllowed());
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == 5505) {
            sensor.statistics().resetCount(sensor.sensorId(), Quantity.PRESENCE_COUNT);
            changed(5501);
            return ExecuteResponse.success();
        }
        return ExecuteResponse.notFound();
    }

    @Override
    public Map<Quantity, Integer> resources() {
        return RESOURCES;
    }

    @Override
    public String sensorId() {
        return sensor.sensorId();
    }
}
