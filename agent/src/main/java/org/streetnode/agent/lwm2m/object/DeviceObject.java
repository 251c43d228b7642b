package org.streetnode.agent.lwm2m.object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lwm2m.model.CoreObjects;

/**
 * LwM2M Device (object 3 v1.1, instance 0; model: {@link CoreObjects#DEVICE}): what the node is
 * and how it is.
 *
 * <p>0 Manufacturer, 1 Model Number, 2 Serial Number (from the board), 3 Firmware Version and
 * 19 Software Version (the agent's version), 4 Reboot (the agent stops and its supervisor,
 * systemd, starts it again), 5 Factory Reset (forgets what bootstrap servers wrote and restarts:
 * the node starts over from its factory configuration, bootstrapping again where that names a
 * bootstrap server), 10 Memory Free and 21 Memory Total (kB, from {@code /proc/meminfo}),
 * 11 Error Code (from {@link Health}: 0 when all is well; 32 store, 33 lamp are device-specific),
 * 12 Reset Error Code (re-evaluates: the codes are derived from the active faults, so they
 * come back while a fault persists), 13 Current Time, 14 UTC Offset, 15 Timezone, 16 Supported
 * Binding and Modes ("U": UDP), 17 Device Type. Time comes from NTP and the zone from the
 * configuration, so writes to 13-15 are refused (4.05) rather than half applied.
 */
public final class DeviceObject extends ModelledInstance {
    private static final Set<Integer> SERVED = Set.of(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21);

    private final BoardIdentity board;
    private final String version;
    private final Health health;
    private final Clock clock;
    private final ZoneId zone;
    private final Runnable restart;
    private final Runnable factoryReset;
    private final Path meminfo;

    /**
     * @param restart what Reboot does: stop the agent so its supervisor starts it again
     * @param factoryReset what Factory Reset does: forget the bootstrapped state, then restart
     */
    public DeviceObject(BoardIdentity board, String version, Health health, Clock clock, ZoneId zone, Runnable restart,
            Runnable factoryReset) {
        this(board, version, health, clock, zone, restart, factoryReset, Path.of("/proc/meminfo"));
    }

    DeviceObject(BoardIdentity board, String version, Health health, Clock clock, ZoneId zone, Runnable restart,
            Runnable factoryReset, Path meminfo) {
        super(CoreObjects.DEVICE, 0);
        this.board = board;
        this.version = version;
        this.health = health;
        this.clock = clock;
        this.zone = zone;
        this.restart = restart;
        this.factoryReset = factoryReset;
        this.meminfo = meminfo;
        health.onChange(faults -> changed(11));
    }

    @Override
    protected Collection<Integer> served() {
        return SERVED;
    }

    @Override
    protected ReadResponse readServed(int resourceId) {
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
            default -> ReadResponse.notFound();
        };
    }

    @Override
    protected Optional<WriteResponse> validate(LwM2mServer server, int resourceId, LwM2mResource value) {
        // 13-15 are the only writable resources: time comes from NTP, the zone from the config
        return Optional.of(WriteResponse.methodNotAllowed());
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        // Answer first, then act: the server should see the 2.04 before the node goes away.
        return switch (resourceId) {
            case 4 -> {
                Thread.ofVirtual().name("device-reboot").start(restart);
                yield ExecuteResponse.success();
            }
            case 5 -> {
                Thread.ofVirtual().name("device-factory-reset").start(factoryReset);
                yield ExecuteResponse.success();
            }
            case 12 -> {
                changed(11);
                yield ExecuteResponse.success();
            }
            default -> ExecuteResponse.notFound();
        };
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
