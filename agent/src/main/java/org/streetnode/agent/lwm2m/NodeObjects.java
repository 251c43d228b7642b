package org.streetnode.agent.lwm2m;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.core.LwM2mId;
import org.streetnode.agent.AgentVersion;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.streetnode.agent.lwm2m.object.ConnectivityObject;
import org.streetnode.agent.lwm2m.object.DeviceExtensionObject;
import org.streetnode.agent.lwm2m.object.DeviceObject;
import org.streetnode.agent.lwm2m.object.FirmwareUpdateObject;
import org.streetnode.agent.lwm2m.object.LightControlObject;
import org.streetnode.agent.lwm2m.object.LightingProgramObject;
import org.streetnode.agent.lwm2m.object.LocationObject;
import org.streetnode.agent.lwm2m.object.PhotocellObject;
import org.streetnode.agent.lwm2m.object.ReadingSequenceObject;
import org.streetnode.agent.lwm2m.object.OutdoorLampObject;
import org.streetnode.agent.lwm2m.object.SensorObjects;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.agent.update.UpdateControl;
import org.tinylog.Logger;

/**
 * The node's LwM2M client with every object the configuration calls for: Device (3),
 * Connectivity Monitoring (4), Location (6), Device Extension (3410), one sensor object
 * instance per configured sensor and quantity ({@link SensorObjects}), the lamp (3416,
 * 3311) when the board has one, and Firmware Update (5) when updates are on. The composition
 * root calls it; so do tests that exercise the LwM2M layer over their own readings.
 */
public final class NodeObjects {
    private NodeObjects() {
    }

    /**
     * @param bufferSequence where the buffer stands (epoch, sequence numbers), once it runs
     * @param restart what Reboot (/3/0/4) does: stop the agent so its supervisor starts it again
     * @param update remote software updates, when a release key is pinned
     */
    public static Lwm2mClientService create(StreetnodeConfig config, Clock clock, Health health, ReadingBus readings,
            ReadingStatistics statistics, Optional<LampControl> lamp,
            Supplier<Optional<ReadingSequenceObject.Sequence>> bufferSequence, Runnable restart,
            Optional<UpdateControl> update) {
        AtomicReference<Lwm2mClientService> service = new AtomicReference<>();
        Runnable factoryReset = () -> {
            Logger.warn("factory reset requested by the platform");
            service.get().forgetBootstrappedAccounts();
            restart.run();
        };
        BoardIdentity identity = BoardIdentity.of(config.board(), config.node().endpoint());
        Lwm2mClientService.Builder b = Lwm2mClientService.builder(config.node().endpoint(), config.lwm2m(),
                        config.node().dataDir(), clock)
                .object(LwM2mId.DEVICE, new DeviceObject(identity, AgentVersion.get(), health, clock,
                        config.node().timezone(), restart, factoryReset))
                .object(LwM2mId.CONNECTIVITY_MONITORING, new ConnectivityObject())
                .object(LwM2mId.LOCATION, new LocationObject(config.location(), surveyed(config)))
                .object(UcifiObjects.DEVICE_EXTENSION.id(), DeviceExtensionObject.ofThisNode())
                .object(StreetnodeObjects.READING_SEQUENCE.id(), new ReadingSequenceObject(bufferSequence));
        SensorObjects.forBoard(config.board(), readings, statistics, lamp)
                .forEach((id, list) -> b.object(id, list.toArray(new LwM2mInstanceEnabler[0])));
        lamp.filter(LightingControl.class::isInstance).map(LightingControl.class::cast).ifPresent(l -> b
                .object(UcifiObjects.PHOTOCELL.id(), new PhotocellObject(l))
                .object(StreetnodeObjects.LIGHTING_PROGRAM.id(), new LightingProgramObject(l, clock, config.node().timezone())));
        lamp.ifPresent(l -> b.object(UcifiObjects.OUTDOOR_LAMP_CONTROLLER.id(), new OutdoorLampObject(l, health, clock))
                .object(IpsoObjects.LIGHT_CONTROL.id(), new LightControlObject(l, clock)));
        update.ifPresent(u -> b.object(LwM2mId.FIRMWARE, new FirmwareUpdateObject(u)));
        service.set(b.build());
        return service.get();
    }

    /** When the pole's position was written down: the config file's modification time. */
    private static Instant surveyed(StreetnodeConfig config) {
        try {
            return Files.getLastModifiedTime(config.file()).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
