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
 * uCIFI smart-city objects the node implements, written from the OMA LwM2M registry
 * (github.com/OpenMobileAlliance/lwm2m-registry: version_history/3410-2_0.xml, 3416-2_0.xml,
 * 3418-2_0.xml, 3428-2_0.xml, published there by the uCIFI Alliance). All four are version 2.0
 * objects of LwM2M 1.0.
 */
public final class UcifiObjects {
    private UcifiObjects() {
    }

    /**
     * 3410 Device Extension v2.0, single, optional. Declared: 2 Manufacturer identifier (R
     * string, mandatory: an IEEE OUI in hex), 10 Additional firmware information (R string),
     * 14 Uptime (R int, s). Left out: the user-given name, asset id, dates, maintenance and DST
     * resources (the platform keeps those).
     */
    public static final ObjectSpec DEVICE_EXTENSION = ObjectSpec.of(3410, "Device Extension", "2.0", "1.0", false, false,
            of(2, "Manufacturer identifier", R, STRING).required(),
            of(10, "Additional firmware information", R, STRING),
            of(14, "Uptime", R, INTEGER).units("s"));

    /**
     * 3416 Outdoor lamp controller v2.0, multiple, optional. Declared: 1 Command (RW int 0..100,
     * /100, mandatory: a manual override from 0 OFF to 100 ON at 100 %), 2 Command in action (R
     * int 0..100), 3 Dimming level (R int 0..100, mandatory), 5 Lamp failure, 6 Lamp failure
     * reason (R int), 9 Relay failure, 10 Day burner, 11 Cycling failure (R bool), 15 Lamp
     * operating hours (R float, h), 16 Lamp operating hours reset (E), 18 Lamp switch counter
     * (R int), 19 Lamp switch counter reset (E), 50 Manual override start time, 51 Manual override
     * end time (RW time), 54 Manual override active (R bool). Left out: default dimming level,
     * control gear details, schedulers, cleaning, DALI and colour resources.
     */
    public static final ObjectSpec OUTDOOR_LAMP_CONTROLLER = ObjectSpec.of(3416, "Outdoor lamp controller", "2.0", "1.0",
            true, false,
            of(1, "Command", RW, INTEGER).required().range(0, 100).units("/100"),
            of(2, "Command in action", R, INTEGER).range(0, 100).units("/100"),
            of(3, "Dimming level", R, INTEGER).required().range(0, 100).units("/100"),
            of(5, "Lamp failure", R, BOOLEAN),
            of(6, "Lamp failure reason", R, INTEGER),
            of(9, "Relay failure", R, BOOLEAN),
            of(10, "Day burner", R, BOOLEAN),
            of(11, "Cycling failure", R, BOOLEAN),
            of(15, "Lamp operating hours", R, FLOAT).units("h"),
            executable(16, "Lamp operating hours reset"),
            of(18, "Lamp switch counter", R, INTEGER),
            executable(19, "Lamp switch counter reset"),
            of(50, "Manual override start time", RW, TIME),
            of(51, "Manual override end time", RW, TIME),
            of(54, "Manual override active", R, BOOLEAN));

    /**
     * 3418 Electrical monitor v2.0, multiple, optional (all resources optional). Declared:
     * 1 Supply voltage (R float, V), 2 Supply current (R float, A), 4 Active power (R float, W),
     * 5 Power factor (R float, -1..1), 6 Cumulated active energy (R float, Wh), 7 Energy reset
     * (E), 35 Dimming level (R int, /100), 5518 Timestamp (R time). Left out: frequency,
     * thresholds and alarms, inrush, reactive power.
     */
    public static final ObjectSpec ELECTRICAL_MONITOR = ObjectSpec.of(3418, "Electrical monitor", "2.0", "1.0", true, false,
            of(1, "Supply voltage", R, FLOAT).units("V"),
            of(2, "Supply current", R, FLOAT).units("A"),
            of(4, "Active power", R, FLOAT).units("W"),
            of(5, "Power factor", R, FLOAT).range(-1, 1),
            of(6, "Cumulated active energy", R, FLOAT).units("Wh"),
            executable(7, "Energy reset"),
            of(35, "Dimming level", R, INTEGER).units("/100"),
            of(5518, "Timestamp", R, TIME));

    /**
     * 3428 Air quality v2.0, multiple, optional (all resources optional). Declared: 1 PM10 (R
     * float, ug/m3), 3 PM2.5 (R float, ug/m3), 5518 Timestamp (R time). Left out: 24-hour
     * averages, PM1 and the gases (no such sensor on the node).
     */
    /**
     * 3419 Photocell v1.1 (registry 3419.xml, LwM2M 1.0), multiple, optional (all resources
     * optional). Declared: 1 ON lux level (RW float, lx: below it the photocell calls for light),
     * 2 OFF lux level (RW float, lx: above it, no more), 3 Photocell status (R bool: true while
     * below ON and until above OFF), 5518 Timestamp (R time, of the light reading it is based on).
     * Left out: 6050 Fractional timestamp.
     */
    public static final ObjectSpec PHOTOCELL = ObjectSpec.of(3419, "Photocell", "1.1", "1.0", true, false,
            of(1, "ON lux level", RW, FLOAT).units("lx").range(0, 100_000),
            of(2, "OFF lux level", RW, FLOAT).units("lx").range(0, 100_000),
            of(3, "Photocell status", R, BOOLEAN),
            of(5518, "Timestamp", R, TIME));

    public static final ObjectSpec AIR_QUALITY = ObjectSpec.of(3428, "Air quality", "2.0", "1.0", true, false,
            of(1, "PM10", R, FLOAT).units("ug/m3"),
            of(3, "PM2.5", R, FLOAT).units("ug/m3"),
            of(5518, "Timestamp", R, TIME));
}
