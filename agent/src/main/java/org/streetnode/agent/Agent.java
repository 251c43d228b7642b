package org.streetnode.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.core.LwM2mId;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.InstanceLock;
import org.streetnode.agent.lifecycle.Lifecycle;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lwm2m.Lwm2mClientService;
import org.streetnode.agent.lwm2m.RegistrationStatus;
import org.streetnode.agent.lwm2m.UplinkConditions;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.streetnode.agent.lwm2m.object.ConnectivityObject;
import org.streetnode.agent.lwm2m.object.DeviceExtensionObject;
import org.streetnode.agent.lwm2m.object.DeviceObject;
import org.streetnode.agent.lwm2m.object.LightControlObject;
import org.streetnode.agent.lwm2m.object.LocationObject;
import org.streetnode.agent.lwm2m.object.OutdoorLampObject;
import org.streetnode.agent.lwm2m.object.SensorObjects;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.tinylog.Logger;

/**
 * The composition root: builds every part of the agent from the configuration, starts them in
 * dependency order and stops them in reverse. Nothing else constructs services, and there are no
 * static singletons: two agents can run in one JVM (tests do).
 */
public final class Agent {
    private final StreetnodeConfig config;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Health health;
    private final ReadingBus readings = new ReadingBus();
    private final ReadingStatistics statistics;
    private final Lwm2mClientService lwm2m;

    private Agent(StreetnodeConfig config, Clock clock, Runnable restart) {
        this.config = config;
        this.health = new Health(clock);
        this.statistics = new ReadingStatistics(readings, clock);
        BoardIdentity identity = BoardIdentity.of(config.board(), config.node().endpoint());
        Optional<LampControl> lamp = Optional.empty();

        Lwm2mClientService.Builder objects = Lwm2mClientService.builder(config.node().endpoint(), config.lwm2m(),
                        config.node().dataDir(), clock)
                .object(LwM2mId.DEVICE, new DeviceObject(identity, AgentVersion.get(), health, clock,
                        config.node().timezone(), restart, () -> factoryReset(restart)))
                .object(LwM2mId.CONNECTIVITY_MONITORING, new ConnectivityObject())
                .object(LwM2mId.LOCATION, new LocationObject(config.location(), surveyed(config)))
                .object(UcifiObjects.DEVICE_EXTENSION.id(), DeviceExtensionObject.ofThisNode());
        SensorObjects.forBoard(config.board(), readings, statistics, lamp)
                .forEach((id, list) -> objects.object(id, list.toArray(new LwM2mInstanceEnabler[0])));
        lamp.ifPresent(l -> objects.object(UcifiObjects.OUTDOOR_LAMP_CONTROLLER.id(), new OutdoorLampObject(l, health, clock))
                .object(IpsoObjects.LIGHT_CONTROL.id(), new LightControlObject(l)));
        lwm2m = objects.build();

        lifecycle.add(directories(config.node().dataDir(), config.node().runtimeDir()))
                .add(new InstanceLock(config.node().dataDir()))
                .add(lwm2m);
    }

    /**
     * @param restart what the platform's Reboot (/3/0/4) does: stop the agent and exit so that
     *     its supervisor (systemd) starts it again
     */
    public static Agent create(StreetnodeConfig config, Clock clock, Runnable restart) {
        return new Agent(config, clock, restart);
    }

    public void start() throws Lifecycle.StartException {
        lifecycle.start();
        Logger.info("streetnode {} running: endpoint {}, board {} ({} sensors), server {} ({}), data in {}",
                AgentVersion.get(), config.node().endpoint(), config.board().source(), config.board().sensors().size(),
                config.lwm2m().server().or(() -> config.lwm2m().bootstrap()).map(a -> a.uri().toString()).orElse("-"),
                config.lwm2m().server().or(() -> config.lwm2m().bootstrap()).map(a -> a.security().mode()).orElse("-"),
                config.node().dataDir());
    }

    /** Stops every part in reverse order; returns the names of parts that did not stop cleanly. */
    public List<String> stop() {
        return lifecycle.stop();
    }

    public StreetnodeConfig config() {
        return config;
    }

    public Health health() {
        return health;
    }

    public RegistrationStatus registration() {
        return lwm2m.status();
    }

    /** Where sampling publishes readings (and tests publish theirs). */
    public ReadingBus readings() {
        return readings;
    }

    public ReadingStatistics statistics() {
        return statistics;
    }

    /** The LwM2M connection as the buffer needs it (registered, Mute Send, Notification Storing). */
    public UplinkConditions uplink() {
        return lwm2m;
    }

    public Lwm2mClientService lwm2m() {
        return lwm2m;
    }

    /**
     * What the platform's Factory Reset (/3/0/5) does: forget what bootstrap servers wrote, then
     * restart, so the node starts over from its factory configuration (bootstrapping again where
     * it names a bootstrap server). Buffered readings and local state are left to their owners.
     */
    private void factoryReset(Runnable restart) {
        Logger.warn("factory reset requested by the platform");
        lwm2m.forgetBootstrappedAccounts();
        restart.run();
    }

    /** When the pole's position was written down: the config file's modification time. */
    private static Instant surveyed(StreetnodeConfig config) {
        try {
            return Files.getLastModifiedTime(config.file()).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /** Creates the data (0700: buffer and state are the node's own) and runtime directories. */
    private static Service directories(Path dataDir, Path runtimeDir) {
        return new Service() {
            @Override
            public String name() {
                return "directories";
            }

            @Override
            public void start() throws IOException {
                create(dataDir, "rwx------");
                create(runtimeDir, "rwxr-x---");
            }

            @Override
            public void stop() {
                // the directories stay: they hold what must survive a restart
            }

            private void create(Path dir, String mode) throws IOException {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
                }
                if (!Files.isWritable(dir)) {
                    throw new IOException(dir + " is not writable by this user");
                }
            }
        };
    }
}
