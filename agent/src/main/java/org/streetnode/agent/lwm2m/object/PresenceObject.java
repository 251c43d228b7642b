package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
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
public final class PresenceObject extends SensorObject {
    private static final Set<Integer> SERVED = Set.of(5500, 5501, 5505, 5751, APPLICATION_TYPE, TIMESTAMP);

    public PresenceObject(int instanceId, SensorSource sensor) {
        super(IpsoObjects.PRESENCE, instanceId, sensor, Map.of(Quantity.PRESENCE, 5500, Quantity.PRESENCE_COUNT, 5501));
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
            case APPLICATION_TYPE -> applicationType();
            case TIMESTAMP -> timestamp();
            default -> ReadResponse.notFound();
        };
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
}
