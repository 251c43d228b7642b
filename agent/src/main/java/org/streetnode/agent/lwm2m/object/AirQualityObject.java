package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.streetnode.drivers.Quantity;

/**
 * A particulate sensor (SDS011) as uCIFI Air quality (object 3428 v2.0; model:
 * {@link UcifiObjects#AIR_QUALITY}), one instance per sensor: 1 PM10 and 3 PM2.5 (ug/m3, the
 * latest readings; 4.04 before the first), 5518 Timestamp (the newer of the two). New readings
 * notify observers.
 */
public final class AirQualityObject extends SensorObject {
    private static final Set<Integer> SERVED = Set.of(1, 3, TIMESTAMP);

    public AirQualityObject(int instanceId, SensorSource sensor) {
        super(UcifiObjects.AIR_QUALITY, instanceId, sensor, Map.of(Quantity.PM10, 1, Quantity.PM2_5, 3));
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 1 -> sensor.value(1, Quantity.PM10);
            case 3 -> sensor.value(3, Quantity.PM2_5);
            case TIMESTAMP -> timestamp();
            default -> ReadResponse.notFound();
        };
    }
}
