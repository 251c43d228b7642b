package org.streetnode.agent.lwm2m.model;

import static org.eclipse.leshan.core.model.ResourceModel.Operations.NONE;
import static org.eclipse.leshan.core.model.ResourceModel.Operations.R;
import static org.eclipse.leshan.core.model.ResourceModel.Operations.RW;
import static org.eclipse.leshan.core.model.ResourceModel.Operations.W;
import static org.eclipse.leshan.core.model.ResourceModel.Type.BOOLEAN;
import static org.eclipse.leshan.core.model.ResourceModel.Type.FLOAT;
import static org.eclipse.leshan.core.model.ResourceModel.Type.INTEGER;
import static org.eclipse.leshan.core.model.ResourceModel.Type.OBJLNK;
import static org.eclipse.leshan.core.model.ResourceModel.Type.OPAQUE;
import static org.eclipse.leshan.core.model.ResourceModel.Type.STRING;
import static org.eclipse.leshan.core.model.ResourceModel.Type.TIME;
import static org.eclipse.leshan.core.model.ResourceModel.Type.UNSIGNED_INTEGER;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.executable;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.of;

/**
 * The OMA core objects the node implements, written from the OMA LwM2M registry
 * (github.com/OpenMobileAlliance/lwm2m-registry: 0.xml and 1.xml in their 1.1 versions,
 * 3.xml 1.1, 4.xml 1.2, 5.xml 1.0, 6.xml 1.0). Versions are those an LwM2M 1.1 client registers by default.
 */
public final class CoreObjects {
    private CoreObjects() {
    }

    /**
     * LwM2M Security (0) v1.1, multiple, mandatory. Every resource of the registry object is
     * declared so a bootstrap server's writes decode; none is readable or writable by an LwM2M
     * server (operations none). 0 LwM2M Server URI (string), 1 Bootstrap-Server (bool),
     * 2 Security Mode (0..4), 3 Public Key or Identity, 4 Server Public Key, 5 Secret Key (opaque),
     * 6 SMS Security Mode (0..255), 7 SMS Binding Key Parameters, 8 SMS Binding Secret Key(s)
     * (opaque), 9 LwM2M Server SMS Number (string), 10 Short Server ID (1..65534), 11 Client Hold
     * Off Time (s), 12 Bootstrap-Server Account Timeout (s), 13 Matching Type (unsigned 0..3),
     * 14 SNI (string), 15 Certificate Usage (unsigned 0..3), 16 DTLS/TLS Ciphersuite (unsigned,
     * multiple), 17 OSCORE Security Mode (objlnk).
     */
    public static final ObjectSpec SECURITY = ObjectSpec.of(0, "LWM2M Security", "1.1", "1.1", true, true,
            of(0, "LWM2M  Server URI", NONE, STRING).required(),
            of(1, "Bootstrap-Server", NONE, BOOLEAN).required(),
            of(2, "Security Mode", NONE, INTEGER).required().range(0, 4),
            of(3, "Public Key or Identity", NONE, OPAQUE).required(),
            of(4, "Server Public Key", NONE, OPAQUE).required(),
            of(5, "Secret Key", NONE, OPAQUE).required(),
            of(6, "SMS Security Mode", NONE, INTEGER).range(0, 255),
            of(7, "SMS Binding Key Parameters", NONE, OPAQUE),
            of(8, "SMS Binding Secret Key(s)", NONE, OPAQUE),
            of(9, "LwM2M Server SMS Number", NONE, STRING),
            of(10, "Short Server ID", NONE, INTEGER).range(1, 65534),
            of(11, "Client Hold Off Time", NONE, INTEGER).units("s"),
            of(12, "Bootstrap-Server Account Timeout", NONE, INTEGER).units("s"),
            of(13, "Matching Type", NONE, UNSIGNED_INTEGER).range(0, 3),
            of(14, "SNI", NONE, STRING),
            of(15, "Certificate Usage", NONE, UNSIGNED_INTEGER).range(0, 3),
            of(16, "DTLS/TLS Ciphersuite", NONE, UNSIGNED_INTEGER).multiInstance(),
            of(17, "OSCORE Security Mode", NONE, OBJLNK));

    /**
     * LwM2M Server (1) v1.1, multiple, mandatory. 0 Short Server ID (R, 1..65534), 1 Lifetime
     * (RW, s), 2/3 Default Minimum/Maximum Period (RW, s), 4 Disable (E), 5 Disable Timeout (RW, s),
     * 6 Notification Storing When Disabled or Offline (RW, bool, mandatory), 7 Binding (RW,
     * string, mandatory), 8 Registration Update Trigger (E, mandatory), 9 Bootstrap-Request
     * Trigger (E), 10 APN Link (RW objlnk), 11 TLS-DTLS Alert Code (R, 0..255), 12 Last
     * Bootstrapped (R, time), 13-20 registration order and retry resources (no operations in
     * 1.1: only a bootstrap server writes them; 17 Communication Retry Count, 18 Communication
     * Retry Timer (s), 19 Communication Sequence Delay Timer (s), 20 Communication Sequence Retry
     * Count), 21 Trigger (RW bool), 22 Preferred Transport (RW string), 23 Mute Send (RW bool).
     */
    public static final ObjectSpec SERVER = ObjectSpec.of(1, "LwM2M Server", "1.1", "1.1", true, true,
            of(0, "Short Server ID", R, INTEGER).required().range(1, 65534),
            of(1, "Lifetime", RW, INTEGER).required().units("s"),
            of(2, "Default Minimum Period", RW, INTEGER).units("s"),
            of(3, "Default Maximum Period", RW, INTEGER).units("s"),
            executable(4, "Disable"),
            of(5, "Disable Timeout", RW, INTEGER).units("s"),
            of(6, "Notification Storing When Disabled or Offline", RW, BOOLEAN).required(),
            of(7, "Binding", RW, STRING).required(),
            executable(8, "Registration Update Trigger").required(),
            executable(9, "Bootstrap-Request Trigger"),
            of(10, "APN Link", RW, OBJLNK),
            of(11, "TLS-DTLS Alert Code", R, UNSIGNED_INTEGER).range(0, 255),
            of(12, "Last Bootstrapped", R, TIME),
            of(13, "Registration Priority Order", NONE, UNSIGNED_INTEGER),
            of(14, "Initial Registration Delay Timer", NONE, UNSIGNED_INTEGER).units("s"),
            of(15, "Registration Failure Block", NONE, BOOLEAN),
            of(16, "Bootstrap on Registration Failure", NONE, BOOLEAN),
            of(17, "Communication Retry Count", NONE, UNSIGNED_INTEGER),
            of(18, "Communication Retry Timer", NONE, UNSIGNED_INTEGER).units("s"),
            of(19, "Communication Sequence Delay Timer", NONE, UNSIGNED_INTEGER),
            of(20, "Communication Sequence Retry Count", NONE, UNSIGNED_INTEGER),
            of(21, "Trigger", RW, BOOLEAN),
            of(22, "Preferred Transport", RW, STRING),
            of(23, "Mute Send", RW, BOOLEAN));

    /**
     * Device (3) v1.1, single, mandatory. Declared: 0 Manufacturer, 1 Model Number, 2 Serial
     * Number, 3 Firmware Version (R strings), 4 Reboot (E, mandatory), 5 Factory Reset (E),
     * 10 Memory Free (R int, KB), 11 Error Code (R int, multiple, mandatory; declared
     * 0..32: the registry's 1.1 file says 0..8, but the node also raises device-specific codes 16, 17
     * and 18 in the 16-32 range that Device 1.2 reserves for them, and its DDF must not say less), 12 Reset Error
     * Code (E), 13 Current Time (RW time), 14 UTC Offset (RW string), 15 Timezone (RW string),
     * 16 Supported Binding and Modes (R string, mandatory), 17 Device Type, 19 Software Version (R
     * strings), 21 Memory Total (R int, KB). Left out: 6-9 and 20 (power sources and battery: a
     * pole has mains), 18 Hardware Version, 22 ExtDevInfo.
     */
    public static final ObjectSpec DEVICE = ObjectSpec.of(3, "Device", "1.1", "1.1", false, true,
            of(0, "Manufacturer", R, STRING),
            of(1, "Model Number", R, STRING),
            of(2, "Serial Number", R, STRING),
            of(3, "Firmware Version", R, STRING),
            executable(4, "Reboot").required(),
            executable(5, "Factory Reset"),
            of(10, "Memory Free", R, INTEGER),
            of(11, "Error Code", R, INTEGER).required().multiInstance().range(0, 32).described("0 no error, 1-8 as the"
                    + " registry defines them (this node raises 5 out of memory, 7 IP connectivity failure, 8 peripheral"
                    + " malfunction), 9-15 reserved, 16-32 device specific: 16 the local buffer was replaced or cannot be"
                    + " written, 17 the lamp failed (failure, day burner, cycling or supply loss) or cannot be driven,"
                    + " 18 a loop of the agent stalled (systemd restarts it). One instance per active error, a single 0"
                    + " when there is none; the fault history (33103) tells when each was raised and cleared."),
            executable(12, "Reset Error Code"),
            of(13, "Current Time", RW, TIME),
            of(14, "UTC Offset", RW, STRING),
            of(15, "Timezone", RW, STRING),
            of(16, "Supported Binding and Modes", R, STRING).required(),
            of(17, "Device Type", R, STRING),
            of(19, "Software Version", R, STRING),
            of(21, "Memory Total", R, INTEGER));

    /**
     * Connectivity Monitoring (4) v1.2, single, optional. Declared: 0 Network Bearer (R int
     * 0..50, mandatory; 21 WLAN, 41 Ethernet), 1 Available Network Bearer (R int 0..50, multiple,
     * mandatory), 2 Radio Signal Strength (R int dBm, mandatory), 3 Link Quality (R int),
     * 4 IP Addresses (R string, multiple, mandatory), 5 Router IP Addresses (R string, multiple).
     * Left out: 6 Link Utilization and the cellular resources 7-12.
     */
    public static final ObjectSpec CONNECTIVITY_MONITORING = ObjectSpec.of(4, "Connectivity Monitoring", "1.2", "1.1",
            false, false,
            of(0, "Network Bearer", R, INTEGER).required().range(0, 50),
            of(1, "Available Network Bearer", R, INTEGER).required().multiInstance().range(0, 50),
            of(2, "Radio Signal Strength", R, INTEGER).required().units("dBm"),
            of(3, "Link Quality", R, INTEGER),
            of(4, "IP Addresses", R, STRING).required().multiInstance(),
            of(5, "Router IP Addresses", R, STRING).multiInstance());

    /**
     * Firmware Update (5) v1.0, single, optional: the object LwM2M 1.1 defines (Core TS 1.1 E.6;
     * LwM2M 1.1 clients register 5 at 1.0). 0 Package (W opaque, mandatory; block-wise), 1 Package
     * URI (RW string of 0..255 bytes, mandatory), 2 Update (E, mandatory), 3 State (R int 0..3,
     * mandatory: idle, downloading, downloaded, updating), 5 Update Result (R int 0..9, mandatory),
     * 6 PkgName, 7 PkgVersion (R strings of 0..255 bytes), 8 Firmware Update Protocol Support (R
     * int 0..5, multiple: 0 CoAP, 1 CoAPS, 2 HTTP 1.1, 3 HTTPS 1.1, 4 CoAP over TCP, 5 CoAP over
     * TLS), 9 Firmware Update Delivery Method (R int 0..2, mandatory: pull, push, both). The
     * registry has no resource 4.
     */
    public static final ObjectSpec FIRMWARE_UPDATE = ObjectSpec.of(5, "Firmware Update", "1.0", "1.0", false, false,
            of(0, "Package", W, OPAQUE).required(),
            of(1, "Package URI", RW, STRING).required(),
            executable(2, "Update").required(),
            of(3, "State", R, INTEGER).required().range(0, 3),
            of(5, "Update Result", R, INTEGER).required().range(0, 9),
            of(6, "PkgName", R, STRING),
            of(7, "PkgVersion", R, STRING),
            of(8, "Firmware Update Protocol Support", R, INTEGER).multiInstance().range(0, 5),
            of(9, "Firmware Update Delivery Method", R, INTEGER).required().range(0, 2));

    /**
     * Location (6) v1.0, single, optional. Declared: 0 Latitude (R float, lat, mandatory),
     * 1 Longitude (R float, lon, mandatory), 2 Altitude (R float, m), 5 Timestamp (R time,
     * mandatory). Left out: 3 Radius, 4 Velocity, 6 Speed (a pole does not move).
     */
    public static final ObjectSpec LOCATION = ObjectSpec.of(6, "Location", "1.0", "1.0", false, false,
            of(0, "Latitude", R, FLOAT).required().units("lat"),
            of(1, "Longitude", R, FLOAT).required().units("lon"),
            of(2, "Altitude", R, FLOAT).units("m"),
            of(5, "Timestamp", R, TIME).required());
}
