package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lighting.monitor.MonitorStatus;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.streetnode.drivers.Quantity;

/**
 * A supply monitor (INA219) as uCIFI Electrical monitor (object 3418 v2.0; model:
 * {@link UcifiObjects#ELECTRICAL_MONITOR}), one instance per monitor: 1 Supply voltage (V),
 * 2 Supply current (A), 4 Active power (W), the latest readings (4.04 before the first);
 * 5518 Timestamp; on the monitor of the lamp's supply also 35 Dimming level (the lamp's level)
 * and, from lighting's lamp monitor, 5 Power factor, 6 Cumulated active energy (Wh) and
 * 7 Energy reset.
 * New readings and lamp changes notify observers.
 */
public final class ElectricalMonitorObject extends SensorObject {
    private final Optional<LightingControl> lighting;

    /** @param lighting the lighting of the lamp whose supply this monitor measures, if it does */
    public ElectricalMonitorObject(int instanceId, SensorSource sensor, Optional<LightingControl> lighting) {
        super(UcifiObjects.ELECTRICAL_MONITOR, instanceId, sensor,
                Map.of(Quantity.VOLTAGE, 1, Quantity.CURRENT, 2, Quantity.POWER, 4));
        this.lighting = lighting;
        lighting.ifPresent(l -> l.onChange(s -> changed(35)));
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == 7 && lighting.isPresent()) {
            lighting.get().resetEnergy();
            changed(6);
            return ExecuteResponse.success();
        }
        return ExecuteResponse.notFound();
    }

    @Override
    protected Collection<Integer> served() {
        return lighting.isPresent() ? Set.of(1, 2, 4, 5, 6, 7, 35, TIMESTAMP) : Set.of(1, 2, 4, TIMESTAMP);
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 1 -> sensor.value(1, Quantity.VOLTAGE);
            case 2 -> sensor.value(2, Quantity.CURRENT);
            case 4 -> sensor.value(4, Quantity.POWER);
            case 5 -> lighting.flatMap(l -> l.monitor().latest()).flatMap(MonitorStatus.Electrical::powerFactor)
                    .map(pf -> ReadResponse.success(5, pf)).orElseGet(ReadResponse::notFound);
            case 6 -> lighting.map(l -> ReadResponse.success(6, l.monitor().counters().energyWh()))
                    .orElseGet(ReadResponse::notFound);
            case 35 -> lighting.map(l -> ReadResponse.success(35, Math.round(l.status().level())))
                    .orElseGet(ReadResponse::notFound);
            case TIMESTAMP -> timestamp();
            default -> ReadResponse.notFound();
        };
    }
}
