package org.streetnode.agent.lwm2m.object;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.model.ObjectSpec;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.drivers.Quantity;

/**
 * One quantity of one configured sensor as an IPSO 1.1 sensor object: 3301 Illuminance,
 * 3303 Temperature, 3304 Humidity, 3315 Barometer or 3324 Loudness (models in
 * {@link IpsoObjects}), one instance per sensor that measures it.
 *
 * <p>5700 Sensor Value: the latest reading (4.04 before the first); 5701 Sensor Units: the
 * reading's SenML unit ("Cel", "%RH", "hPa", "lx", "dBA"); 5601/5602 Min/Max Measured Value and
 * 5605 Reset: from {@link ReadingStatistics}; 5750 Application Type: the sensor's id and driver
 * from the board profile (the profile names sensors, so writes are refused with 4.05);
 * 5518 Timestamp: when the latest reading was taken. Every new reading notifies observers of
 * 5700 and 5518, and of 5601/5602 when it is a new extreme.
 */
public final class IpsoSensorObject extends SensorObject {
    private static final Set<Integer> SERVED = Set.of(5700, 5701, 5601, 5602, 5605, APPLICATION_TYPE, TIMESTAMP);

    private final Quantity quantity;

    public IpsoSensorObject(ObjectSpec spec, int instanceId, SensorSource sensor, Quantity quantity) {
        super(spec, instanceId, sensor, Map.of(quantity, 5700));
        this.quantity = quantity;
    }

    @Override
    protected int[] changedBy(Reading r) {
        Optional<ReadingStatistics.Extremes> e = sensor.statistics().extremes(sensor.sensorId(), r.quantity());
        boolean extreme = e.isPresent() && (r.value() == e.get().min() || r.value() == e.get().max());
        return extreme ? new int[] {5700, TIMESTAMP, 5601, 5602} : super.changedBy(r);
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 5700 -> sensor.value(5700, quantity);
            case 5701 -> ReadResponse.success(5701, quantity.unit());
            case 5601 -> sensor.statistics().extremes(sensor.sensorId(), quantity)
                    .map(e -> ReadResponse.success(5601, e.min())).orElseGet(ReadResponse::notFound);
            case 5602 -> sensor.statistics().extremes(sensor.sensorId(), quantity)
                    .map(e -> ReadResponse.success(5602, e.max())).orElseGet(ReadResponse::notFound);
            case APPLICATION_TYPE -> applicationType();
            case TIMESTAMP -> timestamp();
            default -> ReadResponse.notFound();
        };
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == 5605) {
            sensor.statistics().resetExtremes(sensor.sensorId(), quantity);
            changed(5601, 5602);
            return ExecuteResponse.success();
        }
        return ExecuteResponse.notFound();
    }

    public Quantity quantity() {
        return quantity;
    }
}
