package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * A supply monitor (INA219) as uCIFI Electrical monitor (object 3418 v2.0; model:
 * {@link UcifiObjects#ELECTRICAL_MONITOR}), one instance per monitor: 1 Supply voltage (V),
 * 2 Supply current (A), 4 Active power (W), the latest readings (4.04 before the first);
 * 35 Dimming level (the lamp's level, only on the monitor of the lamp's supply); 5518 Timestamp.
 * New readings and lamp changes notify observers.
 */
public final class ElectricalMonitorObject extends ModelledInstance {
    private final SensorSource sensor;
    private final Optional<LampControl> lamp;

    /** @param lamp the lamp whose supply this monitor measures, if it does */
    public ElectricalMonitorObject(int instanceId, SensorSource sensor, Optional<LampControl> lamp) {
        super(UcifiObjects.ELECTRICAL_MONITOR, instanceId);
        this.sensor = sensor;
        this.lamp = lamp;
        sensor.onReading(Set.of(Quantity.VOLTAGE, Quantity.CURRENT, Quantity.POWER), this::onReading);
        lamp.ifPresent(l -> l.onChange(s -> changed(35)));
    }

    private void onReading(Reading r) {
        changed(switch (r.quantity()) {
            case VOLTAGE -> 1;
            case CURRENT -> 2;
            default -> 4;
        }, 5518);
    }

    @Override
    protected Collection<Integer> served() {
        return lamp.isPresent() ? Set.of(1, 2, 4, 35, 5518) : Set.of(1, 2, 4, 5518);
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 1 -> sensor.value(1, Quantity.VOLTAGE);
            case 2 -> sensor.value(2, Quantity.CURRENT);
            case 4 -> sensor.value(4, Quantity.POWER);
            case 35 -> lamp.map(l -> ReadResponse.success(35, Math.round(l.status().level())))
                    .orElseGet(ReadResponse::notFound);
            case 5518 -> sensor.timestamp(5518, Quantity.VOLTAGE, Quantity.CURRENT, Quantity.POWER);
            default -> ReadResponse.notFound();
        };
    }
}
