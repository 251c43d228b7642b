package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/**
 * The whole agent on the simulated board (sampling, lighting, buffer, delivery), registered over
 * DTLS-PSK with a Leshan server on loopback that records its notifications.
 */
final class AgentFixture implements AutoCloseable {
    static final String ENDPOINT = NodeFixture.ENDPOINT;

    final EmbeddedLwm2mServer server;
    final Agent agent;
    final Notifications notifications;

    private AgentFixture(EmbeddedLwm2mServer server, Agent agent, Notifications notifications) {
        this.server = server;
        this.agent = agent;
        this.notifications = notifications;
    }

    /** With the test PSK and the minimal config as {@code config} changes it. */
    static AgentFixture start(Path dir, UnaryOperator<ConfigText> config) throws Exception {
        return start(dir, HexFormat.of().parseHex(TestConfigs.PSK_HEX), config);
    }

    /** With {@code psk} and the minimal config as {@code config} changes it. */
    static AgentFixture start(Path dir, byte[] psk, UnaryOperator<ConfigText> config) throws Exception {
        EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of()).allowPsk(ENDPOINT, ENDPOINT, psk);
        Notifications notifications = new Notifications();
        server.leshan().getObservationService().addListener(notifications);
        TestConfigs.write(dir, config.apply(TestConfigs.node(dir, server.coapsUri().toString())));
        TestConfigs.writePsk(dir, HexFormat.of().formatHex(psk));
        Agent agent = Agent.create(ConfigLoader.load(dir.resolve("streetnode.toml")), Clock.systemUTC(), () -> { });
        AgentFixture f = new AgentFixture(server, agent, notifications);
        agent.start();
        // the server records the registration before the node has its answer: wait for both
        await().atMost(Duration.ofSeconds(15)).until(() -> server.registration(ENDPOINT).isPresent()
                && agent.registration().registered());
        return f;
    }

    <T extends LwM2mResponse> T send(DownlinkRequest<T> request) throws InterruptedException {
        return server.send(ENDPOINT, request, 5000);
    }

    /** A single resource's value; the read must succeed. */
    Object value(String path) throws InterruptedException {
        ReadResponse r = send(new ReadRequest(path));
        assertThat(r.isSuccess()).as("read %s: %s %s", path, r.getCode(), r.getErrorMessage()).isTrue();
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    @Override
    public void close() {
        agent.stop();
        server.close();
    }
}
