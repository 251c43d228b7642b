package org.streetnode.agent.lwm2m.object;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.lwm2m.model.UcifiObjects;

/**
 * uCIFI Device Extension (object 3410 v2.0, instance 0; model: {@link UcifiObjects#DEVICE_EXTENSION}).
 *
 * <p>2 Manufacturer identifier: the IEEE OUI (hex) of the board's network hardware, the first
 * three bytes of its MAC address (Raspberry Pi boards carry their maker's OUI there);
 * 10 Additional firmware information: the Java runtime and the LwM2M stack the agent runs on;
 * 14 Uptime: seconds since the operating system booted ({@code /proc/uptime}).
 */
public final class DeviceExtensionObject extends ModelledInstance {
    private final String manufacturerOui;
    private final String firmwareInfo;
    private final Path procUptime;

    public DeviceExtensionObject(String manufacturerOui, String firmwareInfo) {
        this(manufacturerOui, firmwareInfo, Path.of("/proc/uptime"));
    }

    /** The instance for the machine the agent runs on. */
    public static DeviceExtensionObject ofThisNode() {
        String firmware = "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        return new DeviceExtensionObject(hardwareOui(), firmware);
    }

    /** The OUI of the first network interface with a MAC address; "000000" when there is none. */
    static String hardwareOui() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = ni.isLoopback() ? null : ni.getHardwareAddress();
                if (mac != null && mac.length == 6) {
                    return HexFormat.of().withUpperCase().formatHex(mac, 0, 3);
                }
            }
        } catch (SocketException e) {
            // no interfaces
        }
        return "000000";
    }

    DeviceExtensionObject(String manufacturerOui, String firmwareInfo, Path procUptime) {
        super(UcifiObjects.DEVICE_EXTENSION, 0);
        this.manufacturerOui = manufacturerOui;
        this.firmwareInfo = firmwareInfo;
        this.procUptime = procUptime;
    }

    @Override
    protected Collection<Integer> served() {
        return Files.isReadable(procUptime) ? Set.of(2, 10, 14) : Set.of(2, 10);
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
        return switch (resourceId) {
            case 2 -> ReadResponse.success(2, manufacturerOui);
            case 10 -> ReadResponse.success(10, firmwareInfo);
            case 14 -> uptime();
            default -> ReadResponse.notFound();
        };
    }

    private ReadResponse uptime() {
        try {
            String first = Files.readString(procUptime).trim().split("\\s+")[0];
            return ReadResponse.success(14, (long) Double.parseDouble(first));
        } catch (IOException | NumberFormatException e) {
            return ReadResponse.notFound();
        }
    }
}
