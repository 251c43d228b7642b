package org.streetnode.agent.lwm2m.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.SensorSpec;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.model.ObjectSpec;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.drivers.Quantity;

/**
 * The LwM2M instances for the sensors of a board profile, numbered per object in profile order.
 *
 * <table>
 * <caption>which object shows which driver's quantities</caption>
 * <tr><th>driver</th><th>objects</th></tr>
 * <tr><td>bme280</td><td>3303 Temperature, 3304 Humidity, 3315 Barometer</td></tr>
 * <tr><td>sht31</td><td>3303 Temperature, 3304 Humidity</td></tr>
 * <tr><td>bh1750</td><td>3301 Illuminance</td></tr>
 * <tr><td>ads1115</td><td>the object of its configured quantity (sound level: 3324 Loudness)</td></tr>
 * <tr><td>ina219</td><td>3418 Electrical monitor (with the lamp's dimming level when it is the lamp's
 * power sensor)</td></tr>
 * <tr><td>sds011</td><td>3428 Air quality</td></tr>
 * <tr><td>pir</td><td>3302 Presence</td></tr>
 * </table>
 */
public final class SensorObjects {
    private SensorObjects() {
    }

    /** Object id to instances, in object-id order of first appearance. */
    public static Map<Integer, List<LwM2mInstanceEnabler>> forBoard(BoardProfile board, ReadingBus bus,
            ReadingStatistics statistics, Optional<LightingControl> lighting) {
        Map<Integer, List<LwM2mInstanceEnabler>> out = new LinkedHashMap<>();
        Optional<String> lampSensor = board.lamp().flatMap(l -> l.powerSensor());
        for (SensorSpec spec : board.sensors()) {
            SensorSource source = new SensorSource(spec.id(), spec.driver(), bus, statistics);
            switch (spec) {
                case SensorSpec.Bme280 s -> {
                    sensor(out, IpsoObjects.TEMPERATURE, source, Quantity.TEMPERATURE);
                    sensor(out, IpsoObjects.HUMIDITY, source, Quantity.HUMIDITY);
                    sensor(out, IpsoObjects.BAROMETER, source, Quantity.PRESSURE);
                }
                case SensorSpec.Sht31 s -> {
                    sensor(out, IpsoObjects.TEMPERATURE, source, Quantity.TEMPERATURE);
                    sensor(out, IpsoObjects.HUMIDITY, source, Quantity.HUMIDITY);
                }
                case SensorSpec.Bh1750 s -> sensor(out, IpsoObjects.ILLUMINANCE, source, Quantity.ILLUMINANCE);
                case SensorSpec.Ads1115 s -> quantity(out, source, s.quantity(), lighting, lampSensor);
                case SensorSpec.Ina219 s -> electrical(out, source, lighting, lampSensor);
                case SensorSpec.Sds011 s -> add(out, UcifiObjects.AIR_QUALITY.id(),
                        new AirQualityObject(next(out, UcifiObjects.AIR_QUALITY.id()), source));
                case SensorSpec.Pir s -> add(out, IpsoObjects.PRESENCE.id(),
                        new PresenceObject(next(out, IpsoObjects.PRESENCE.id()), source));
            }
        }
        return out;
    }

    /** An analog channel shows whatever quantity the profile says it measures. */
    private static void quantity(Map<Integer, List<LwM2mInstanceEnabler>> out, SensorSource source, Quantity q,
            Optional<LightingControl> lighting, Optional<String> lampSensor) {
        switch (q) {
            case TEMPERATURE -> sensor(out, IpsoObjects.TEMPERATURE, source, q);
            case HUMIDITY -> sensor(out, IpsoObjects.HUMIDITY, source, q);
            case PRESSURE -> sensor(out, IpsoObjects.BAROMETER, source, q);
            case ILLUMINANCE -> sensor(out, IpsoObjects.ILLUMINANCE, source, q);
            case SOUND_LEVEL -> sensor(out, IpsoObjects.LOUDNESS, source, q);
            case VOLTAGE, CURRENT, POWER -> electrical(out, source, lighting, lampSensor);
            case PM2_5, PM10 -> add(out, UcifiObjects.AIR_QUALITY.id(),
                    new AirQualityObject(next(out, UcifiObjects.AIR_QUALITY.id()), source));
            case PRESENCE, PRESENCE_COUNT -> add(out, IpsoObjects.PRESENCE.id(),
                    new PresenceObject(next(out, IpsoObjects.PRESENCE.id()), source));
        }
    }

    private static void electrical(Map<Integer, List<LwM2mInstanceEnabler>> out, SensorSource source,
            Optional<LightingControl> lighting, Optional<String> lampSensor) {
        boolean lampSupply = lampSensor.filter(source.sensorId()::equals).isPresent();
        int id = UcifiObjects.ELECTRICAL_MONITOR.id();
        add(out, id, new ElectricalMonitorObject(next(out, id), source, lampSupply ? lighting : Optional.empty()));
    }

    private static void sensor(Map<Integer, List<LwM2mInstanceEnabler>> out, ObjectSpec spec, SensorSource source,
            Quantity q) {
        add(out, spec.id(), new IpsoSensorObject(spec, next(out, spec.id()), source, q));
    }

    private static int next(Map<Integer, List<LwM2mInstanceEnabler>> out, int objectId) {
        return out.getOrDefault(objectId, List.of()).size();
    }

    private static void add(Map<Integer, List<LwM2mInstanceEnabler>> out, int objectId, LwM2mInstanceEnabler instance) {
        out.computeIfAbsent(objectId, k -> new ArrayList<>()).add(instance);
    }
}
