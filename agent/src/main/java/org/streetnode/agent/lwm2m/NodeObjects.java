package org.streetnode.agent.lwm2m;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.core.LwM2mId;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.delivery.BatchSender;
import org.streetnode.agent.delivery.BufferSequence;
import org.streetnode.agent.delivery.UplinkConditions;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;
import org.streetnode.agent.lwm2m.model.UcifiObjects;
import org.streetnode.agent.lwm2m.object.ConnectivityObject;
import org.streetnode.agent.lwm2m.object.DeviceExtensionObject;
import org.streetnode.agent.lwm2m.object.DeviceObject;
import org.streetnode.agent.lwm2m.object.FaultEventObject;
import org.streetnode.agent.lwm2m.object.FirmwareUpdateObject;
import org.streetnode.agent.lwm2m.object.LightControlObject;
import org.streetnode.agent.lwm2m.object.LightingProgramObject;
import org.streetnode.agent.lwm2m.object.LightingReportObject;
import org.streetnode.agent.lwm2m.object.LocationObject;
import org.streetnode.agent.lwm2m.object.OutdoorLampObject;
import org.streetnode.agent.lwm2m.object.PhotocellObject;
import org.streetnode.agent.lwm2m.object.ReadingSequenceObject;
import org.streetnode.agent.lwm2m.object.SensorObjects;
import org.streetnode.agent.network.NetworkProbe;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.agent.update.UpdateControl;

/**
 * The node's LwM2M client with every object the configuration calls for: Device (3),
 * Connectivity Monitoring (4), Location (6), Device Extension (3410), one sensor object
 * instance per configured sensor and quantity ({@link SensorObjects}), the lamp (3416, 3311,
 * 3419, 33101, 33102) when the board has one, Firmware Update (5) when updates are on, the
 * buffer's Reading Sequence (33100), and the Fault Event (33103) the fault history is sent as.
 *
 * <p>Built in two steps, because the buffer sends through the client and the client shows where
 * the buffer stands: this constructor makes every object but the buffer's, and the uplink and
 * sender the buffer is built with; {@link #client} then adds the buffer's object and builds the
 * client. The composition root calls it; so do tests that exercise the LwM2M layer over their
 * own readings.
 */
public final class NodeObjects {
    private final Lwm2mClientService.Builder client;
    private final BatchSender batchSender;

    /**
     * @param identity the board's maker, model and serial number (Device 0-2)
     * @param lighting the lamp's lighting, when the board has a lamp
     * @param restart what Reboot (/3/0/4) does: stop the agent so its supervisor starts it again
     * @param threads the client's threads and its network's executor
     */
    public NodeObjects(StreetnodeConfig config, BoardIdentity identity, Clock clock, Health health, ReadingBus readings,
            ReadingStatistics statistics, Optional<LightingControl> lighting, Runnable restart, AgentThreads threads) {
        client = Lwm2mClientService.builder(config.node().endpoint(), config.lwm2m(), config.node().dataDir(), clock,
                threads);
        client.object(LwM2mId.DEVICE, new DeviceObject(identity, AgentVersion.get(), health, clock, config.node().timezone(),
                        restart, client.factoryReset(restart)))
                .object(LwM2mId.CONNECTIVITY_MONITORING, new ConnectivityObject(new NetworkProbe()))
                .object(LwM2mId.LOCATION, new LocationObject(config.location(), surveyed(config)))
                .object(UcifiObjects.DEVICE_EXTENSION.id(), DeviceExtensionObject.ofThisNode())
                .object(StreetnodeObjects.FAULT_EVENT.id(), new FaultEventObject(health));
        SensorObjects.forBoard(config.board(), readings, statistics, lighting)
                .forEach((id, list) -> client.object(id, list.toArray(new LwM2mInstanceEnabler[0])));
        lighting.ifPresent(l -> client
                .object(UcifiObjects.PHOTOCELL.id(), new PhotocellObject(l))
                .object(StreetnodeObjects.LIGHTING_PROGRAM.id(), new LightingProgramObject(l, clock, config.node().timezone()))
                .object(StreetnodeObjects.LIGHTING_REPORT.id(), new LightingReportObject(l))
                .object(UcifiObjects.OUTDOOR_LAMP_CONTROLLER.id(), new OutdoorLampObject(l, health, clock))
                .object(IpsoObjects.LIGHT_CONTROL.id(), new LightControlObject(l, clock)));
        batchSender = new Lwm2mBatchSender(client.uplink(), client.readingPaths(), config.buffer().delivery().sendTimeout(),
                config.buffer().maxSendBytes());
    }

    /** What the buffer needs to know about the connection (registered, Mute Send, Notification Storing). */
    public UplinkConditions uplink() {
        return client.uplink();
    }

    /** How the buffer delivers: LwM2M Send of its batches to the registered server. */
    public BatchSender batchSender() {
        return batchSender;
    }

    /** The node's DTLS credentials towards its LwM2M server, as they are when asked (update pulls over coaps://). */
    public Supplier<Optional<ServerSecurity>> serverCredentials() {
        return client.uplink()::serverCredentials;
    }

    /**
     * @param bufferSequence where the buffer stands (epoch, sequence numbers), once it runs
     * @param update remote software updates, when a release key is pinned
     */
    public Lwm2mClientService client(Supplier<Optional<BufferSequence>> bufferSequence, Optional<UpdateControl> update) {
        update.ifPresent(u -> client.object(LwM2mId.FIRMWARE, new FirmwareUpdateObject(u)));
        return client.object(StreetnodeObjects.READING_SEQUENCE.id(), new ReadingSequenceObject(bufferSequence)).build();
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
