package org.streetnode.agent.lwm2m.model;

import static org.eclipse.leshan.core.model.ResourceModel.Operations.R;
import static org.eclipse.leshan.core.model.ResourceModel.Operations.RW;
import static org.eclipse.leshan.core.model.ResourceModel.Type.BOOLEAN;
import static org.eclipse.leshan.core.model.ResourceModel.Type.FLOAT;
import static org.eclipse.leshan.core.model.ResourceModel.Type.INTEGER;
import static org.eclipse.leshan.core.model.ResourceModel.Type.STRING;
import static org.eclipse.leshan.core.model.ResourceModel.Type.TIME;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.executable;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.of;

/**
 * IPSO Smart Objects the node implements, written from the OMA LwM2M registry
 * (github.com/OpenMobileAlliance/lwm2m-registry: 3301, 3302, 3303, 3304, 3315, 3324 in
 * version 1.1, which added 5518 Timestamp; 3311 in version 1.0). All are multiple-instance and
 * optional; the node has one instance per configured sensor (or lamp).
 */
public final class IpsoObjects {
    private IpsoObjects() {
    }

    /** 3301 Illuminance v1.1 (example unit lx). */
    public static final ObjectSpec ILLUMINANCE = sensor(3301, "Illuminance");
    /** 3303 Temperature v1.1 (example unit Cel). */
    public static final ObjectSpec TEMPERATURE = sensor(3303, "Temperature");
    /** 3304 Humidity v1.1 (example unit %RH). */
    public static final ObjectSpec HUMIDITY = sensor(3304, "Humidity");
    /** 3315 Barometer v1.1 (example unit hPa). */
    public static final ObjectSpec BAROMETER = sensor(3315, "Barometer");
    /** 3324 Loudness v1.1 (example unit dB). */
    public static final ObjectSpec LOUDNESS = sensor(3324, "Loudness");

    /**
     * 3302 Presence v1.1. Declared: 5500 Digital Input State (R bool, mandatory), 5501 Digital
     * Input Counter (R int), 5505 Digital Input Counter Reset (E), 5751 Sensor Type (R string),
     * 5750 Application Type (RW string), 5518 Timestamp (R time). Left out: 5903/5904 delays
     * (set in the board profile), 6050, 6042, 6049.
     */
    public static final ObjectSpec PRESENCE = ObjectSpec.of(3302, "Presence", "1.1", "1.0", true, false,
            of(5500, "Digital Input State", R, BOOLEAN).required(),
            of(5501, "Digital Input Counter", R, INTEGER),
            executable(5505, "Digital Input Counter Reset"),
            of(5751, "Sensor Type", R, STRING),
            of(5750, "Application Type", RW, STRING),
            of(5518, "Timestamp", R, TIME));

    /**
     * 3311 Light Control v1.0. Declared: 5850 On/Off (RW bool, mandatory), 5851 Dimmer (RW int
     * 0..100, unit /100), 5852 On time (RW int, s: how long the light has been on; writing 0
     * resets it), 5805 Cumulative active power (R float, Wh: the energy used since the last
     * reset). Left out: 5820 Power factor, 5706 Colour, 5701 Sensor Units, 5750 Application Type.
     */
    public static final ObjectSpec LIGHT_CONTROL = ObjectSpec.of(3311, "Light Control", "1.0", "1.0", true, false,
            of(5850, "On/Off", RW, BOOLEAN).required(),
            of(5851, "Dimmer", RW, INTEGER).range(0, 100).units("/100"),
            of(5852, "On time", RW, INTEGER).units("s"),
            of(5805, "Cumulative active power", R, FLOAT).units("Wh"));

    /**
     * The IPSO 1.1 sensor pattern. Declared: 5700 Sensor Value (R float, mandatory), 5701 Sensor
     * Units (R string), 5601 Min Measured Value, 5602 Max Measured Value (R float, since power on
     * or reset), 5605 Reset Min and Max Measured Values (E, to the current value), 5750
     * Application Type (RW string), 5518 Timestamp (R time). Left out: 5603/5604 range values,
     * 6050 Fractional Timestamp, 6042/6049 measurement quality.
     */
    private static ObjectSpec sensor(int id, String name) {
        return ObjectSpec.of(id, name, "1.1", "1.0", true, false,
                of(5700, "Sensor Value", R, FLOAT).required(),
                of(5701, "Sensor Units", R, STRING),
                of(5601, "Min Measured Value", R, FLOAT),
                of(5602, "Max Measured Value", R, FLOAT),
                executable(5605, "Reset Min and Max Measured Values"),
                of(5750, "Application Type", RW, STRING),
                of(5518, "Timestamp", R, TIME));
    }
}
