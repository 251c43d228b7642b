package org.streetnode.agent.lwm2m;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/** The agent on the simulated board, registered over DTLS-PSK with a Leshan server on loopback. */
final class NodeFixture implements AutoCloseable {
    static final String ENDPOINT = "node-under-test";

    final EmbeddedLwm2mServer server;
    final Agent agent;
    final Notifications notifications = new Notifications();

    private NodeFixture(EmbeddedLwm2mServer server, Agent agent) {
        this.server = server;
        this.agent = agent;
        server.leshan().getObservationService().addListener(notifications);
    }

    /** Starts a server and an agent whose config is the minimal one plus {@code extraConfig}. */
    static NodeFixture start(Path dir, String extraConfig) throws Exception {
        return start(dir, "", extraConfig, EmbeddedLwm2mServer::coapsUri);
    }

    /**
     * Starts a server and an agent for it.
     *
     * @param lwm2mKeys more keys of {@code [lwm2m]}
     * @param moreTables more tables after {@code [lwm2m.psk]}
     * @param uriFor the server URI the node is given (the server's own, or a relay's)
     */
    static NodeFixture start(Path dir, String lwm2mKeys, String moreTables, Function<EmbeddedLwm2mServer, URI> uriFor)
            throws Exception {
        EmbeddedLwm2mServer server = allowNode(EmbeddedLwm2mServer.start(List.of()));
        Agent agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir, config(uriFor.apply(server), lwm2mKeys,
                moreTables))), Clock.systemUTC(), () -> { });
        NodeFixture f = new NodeFixture(server, agent);
        agent.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.registration(ENDPOINT).isPresent());
        return f;
    }

    static EmbeddedLwm2mServer allowNode(EmbeddedLwm2mServer server) {
        return server.allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
    }

    static String config(URI serverUri, String lwm2mKeys, String moreTables) {
        return """
                [node]
                endpoint = "%s"
                board = "simulated"
                data_dir = "data"
                runtime_dir = "run"

                [lwm2m]
                server_uri = "%s"
                security = "psk"
                local_port = 0
                %s

                [lwm2m.psk]
                identity = "%s"
                key_file = "secrets/psk.hex"

                %s
                """.formatted(ENDPOINT, serverUri, lwm2mKeys, ENDPOINT, moreTables);
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
        agent.readings().publish(new Reading(sensorId, quantity, value, Instant.now(), true));
    }

    @Override
    public void close() {
        agent.stop();
        server.close();
    }
}
