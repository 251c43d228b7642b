package org.streetnode.agent.lwm2m;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.response.SendResponse;
import org.streetnode.agent.config.Lwm2mConfig;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.delivery.UplinkConditions;
import org.tinylog.Logger;

/**
 * The node's LwM2M client as the buffer uses it: Send to the registered server, a registration
 * update, and the conditions delivery needs (registered, Mute Send, Notification Storing). It
 * exists before the client service is built, so the buffer can be built before the client that
 * shows it; the service runs the Leshan client behind it from its start to its stop.
 */
public final class Lwm2mUplink implements UplinkConditions {
    private final NodeDataSender dataSender;
    private final AtomicReference<Snapshot> state = new AtomicReference<>(Snapshot.OFFLINE);
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Optional<ServerSecurity> configured;
    private volatile Optional<LeshanClient> client = Optional.empty();

    /** @param sendThread makes the thread Sends wait for their answers on */
    Lwm2mUplink(Lwm2mConfig config, ThreadFactory sendThread) {
        this.dataSender = new NodeDataSender(sendThread);
        this.configured = config.server().map(Lwm2mConfig.ServerAccount::security);
    }

    @Override
    public Snapshot uplinkState() {
        return state.get();
    }

    @Override
    public void onUplinkChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Sends timestamped values to the registered server (LwM2M Send, SenML-CBOR). Fails at once
     * when the node is not registered.
     */
    public CompletionStage<SendResponse> send(TimestampedLwM2mNodes nodes, Duration timeout) {
        Optional<LwM2mServer> server = client.flatMap(c -> c.getRegisteredServers().values().stream().findFirst());
        if (server.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not registered with a server"));
        }
        return dataSender.send(server.get(), nodes, timeout);
    }

    /** Renews the registration now (a refused Send, a test); nothing happens while not registered. */
    public void requestUpdate() {
        client.ifPresent(LeshanClient::triggerRegistrationUpdate);
    }

    /**
     * The node's DTLS credentials towards the LwM2M server it registers with, as they are now
     * (a bootstrap server may have written them); while no client runs, the configured ones.
     */
    public Optional<ServerSecurity> serverCredentials() {
        Optional<LeshanClient> running = client;
        if (running.isEmpty()) {
            return configured;
        }
        List<X509Certificate> trust = configured.filter(ServerSecurity.X509.class::isInstance)
                .map(x -> ((ServerSecurity.X509) x).trusted()).orElse(List.of());
        return ServersInfoExtractor.getInfo(running.get().getObjectTree().getObjectEnablers()).deviceManagements.values()
                .stream().filter(Objects::nonNull).findFirst().flatMap(info -> ServerCredentials.of(info, trust));
    }

    /** The Leshan data sender Send goes through: the client service registers it with each Leshan client it builds. */
    NodeDataSender dataSender() {
        return dataSender;
    }

    /** The client service started (or stopped: empty) a Leshan client. */
    void running(Optional<LeshanClient> running) {
        if (running.isPresent()) {
            dataSender.start();
        } else {
            dataSender.stop();
        }
        client = running;
    }

    /** The client service saw the conditions change (or not): listeners hear of real changes only. */
    void update(Snapshot now) {
        Snapshot before = state.getAndSet(now);
        if (!Objects.equals(before, now)) {
            for (Consumer<Snapshot> l : listeners) {
                try {
                    l.accept(now);
                } catch (RuntimeException e) {
                    Logger.error(e, "lwm2m: uplink listener failed");
                }
            }
        }
    }
}
