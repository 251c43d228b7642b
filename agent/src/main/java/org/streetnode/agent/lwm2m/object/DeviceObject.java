package org.streetnode.agent.lwm2m.object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.health.Health;

/**
 * LwM2M Device (object 3, instance 0): what the node is and how it is.
 *
 * <p>Resources: 0 Manufacturer, 1 Model Number, 2 Serial Number (from the board), 3 Firmware
 * Version and 19 Software Version (the agent's version), 4 Reboot (restarts the agent: systemd
 * brings it back), 10 Memory Free and 21 Memory Total (kB, from {@code /proc/meminfo}), 11 Error
 * Code (from {@link Health}: 0 when all is well), 13 Current Time, 14 UTC Offset, 15 Timezone,
 * 16 Supported Binding and Modes ("U": UDP), 17 Device Type. The node's time comes from NTP, so
 * writes to 13-15 are refused (4.05).
 */
public final class DeviceObject extends BaseInstanceEnabler {
    private static final List<Integer> SUPPORTED = List.of(0, 1, 2, 3, 4, 10, 11, 13, 14, 15, 16, 17, 19, 21);

    private final BoardIdentity board;
    private final String version;
    private final Health health;
    private final Clock clock;
    private final ZoneId zone;
    private final Runnable restart;
    private final Path meminfo;

    public DeviceObject(BoardIdentity board, String version, Health health, Clock clock, ZoneId zone, Runnable restart) {
        this(board, version, health, clock, zone, restart, Path.of("/proc/meminfo"));
    }

    DeviceObject(BoardIdentity board, String version, Health health, Clock clock, ZoneId zone, Runnable restart,
            Path meminfo) {
        super(0);
        this.board = board;
        this.version = version;
        this.health = health;
        this.clock = clock;
        this.zone = zone;
        this.restart = restart;
        this.meminfo = meminfo;
        health.onChange(faults -> fireResourceChange(11));
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, board.manufacturer());
            case 1 -> ReadResponse.success(resourceId, board.model());
            case 2 -> ReadResponse.success(resourceId, board.serial());
            case 3, 19 -> ReadResponse.success(resourceId, version);
            case 10 -> memory(resourceId, "MemAvailable");
            case 11 -> ReadResponse.success(errorCodes());
            case 13 -> ReadResponse.success(resourceId, Date.from(clock.instant()));
            case 14 -> ReadResponse.success(resourceId, utcOffset(clock.instant()));
            case 15 -> ReadResponse.success(resourceId, zone.getId());
            case 16 -> ReadResponse.success(resourceId, "U");
            case 17 -> ReadResponse.success(resourceId, "smart street node");
            case 21 -> memory(resourceId, "MemTotal");
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        return switch (resourceId) {
            // time comes from NTP, the zone from the config: refuse rather than half-apply
            case 13, 14, 15 -> WriteResponse.methodNotAllowed();
            default -> super.write(server, replace, resourceId, value);
        };
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == 4) {
            // Answer first, then restart: the server should see the 2.04 before the node goes away.
            Thread.ofVirtual().name("device-reboot").start(restart);
            return ExecuteResponse.success();
        }
        return super.execute(server, resourceId, arguments);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return SUPPORTED;
    }

    private LwM2mMultipleResource errorCodes() {
        Map<Integer, Long> codes = new HashMap<>();
        List<Integer> list = health.errorCodes();
        for (int i = 0; i < list.size(); i++) {
            codes.put(i, (long) list.get(i));
        }
        return LwM2mMultipleResource.newIntegerResource(11, codes);
    }

    private String utcOffset(Instant now) {
        return DateTimeFormatter.ofPattern("xxx").format(now.atZone(zone));
    }

    /** A {@code /proc/meminfo} figure in kB; not found where the system has none. */
    private ReadResponse memory(int resourceId, String key) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith(key + ":")) {
                    return ReadResponse.success(resourceId, Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not available on this system
        }
        return ReadResponse.notFound();
    }
}
