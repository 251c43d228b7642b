package org.streetnode.agent.lwm2m;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.agent.update.UpdateControl;
import org.streetnode.agent.update.UpdateService;
import org.streetnode.drivers.Quantity;

/**
 * The node's LwM2M client with every object of the simulated board's profile, over readings the
 * test publishes (no sampling runs: the values are the test's alone), registered over DTLS-PSK
 * with a Leshan server on loopback.
 */
final class NodeFixture implements AutoCloseable {
    static final String ENDPOINT = TestConfigs.ENDPOINT;

    final EmbeddedLwm2mServer server;
    final Lwm2mClientService lwm2m;
    final ReadingBus readings;
    final Health health;
    final Notifications notifications = new Notifications();
    final Optional<UpdateService> update;

    private NodeFixture(EmbeddedLwm2mServer server, Lwm2mClientService lwm2m, ReadingBus readings, Health health,
            Optional<UpdateService> update) {
        this.server = server;
        this.lwm2m = lwm2m;
        this.readings = readings;
        this.health = health;
        this.update = update;
        server.leshan().getObservationService().addListener(notifications);
    }

    /** Starts a server and a node with the minimal config. */
    static NodeFixture start(Path dir) throws Exception {
        return start(dir, UnaryOperator.identity(), EmbeddedLwm2mServer::coapsUri);
    }

    /**
     * Starts a server and a node for it.
     *
     * @param config what the test sets on the minimal config
     * @param uriFor the server URI the node is given (the server's own, or a relay's)
     */
    static NodeFixture start(Path dir, UnaryOperator<ConfigText> config, Function<EmbeddedLwm2mServer, URI> uriFor)
            throws Exception {
        return start(dir, config, uriFor, (c, credentials) -> Optional.empty());
    }

    /**
     * Starts a server and a node for it, with the update service {@code update} makes from the
     * node's config and its credentials towards its server.
     */
    static NodeFixture start(Path dir, UnaryOperator<ConfigText> config, Function<EmbeddedLwm2mServer, URI> uriFor,
            BiFunction<StreetnodeConfig, Supplier<Optional<ServerSecurity>>, Optional<UpdateService>> update) throws Exception {
        EmbeddedLwm2mServer server = allowNode(EmbeddedLwm2mServer.start(List.of()));
        StreetnodeConfig node = ConfigLoader.load(TestConfigs.write(dir,
                config.apply(TestConfigs.node(dir, uriFor.apply(server).toString()))));
        Files.createDirectories(node.node().dataDir());
        Clock clock = Clock.systemUTC();
        ReadingBus readings = new ReadingBus();
        Health health = new Health(clock);
        NodeObjects objects = new NodeObjects(node, BoardIdentity.of(node.board(), node.node().endpoint()), clock,
                health, readings, new ReadingStatistics(readings, clock), Optional.empty(), () -> { },
                AgentThreads.dedicated());
        Optional<UpdateService> updates = update.apply(node, objects.serverCredentials());
        Lwm2mClientService lwm2m = objects.client(Optional::empty, updates.map(UpdateControl.class::cast));
        NodeFixture f = new NodeFixture(server, lwm2m, readings, health, updates);
        for (UpdateService u : updates.stream().toList()) {
            u.start();
        }
        lwm2m.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.registration(ENDPOINT).isPresent() && lwm2m.status().registered());
        return f;
    }

    static EmbeddedLwm2mServer allowNode(EmbeddedLwm2mServer server) {
        return server.allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
    }

    RegistrationStatus status() {
        return lwm2m.status();
    }

    Registration registration() {
        return server.registration(ENDPOINT).orElseThrow();
    }

    ReadResponse read(String path) throws InterruptedException {
        return send(new ReadRequest(path));
    }

    <T extends LwM2mResponse> T send(DownlinkRequest<T> request) throws InterruptedException {
        return server.send(ENDPOINT, request, 5000);
    }

    void publish(String sensorId, Quantity quantity, double value) {
        readings.publish(new Reading(sensorId, quantity, value, Instant.now(), true));
    }

    @Override
    public void close() {
        lwm2m.stop();
        try {
            for (UpdateService u : update.stream().toList()) {
                u.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
