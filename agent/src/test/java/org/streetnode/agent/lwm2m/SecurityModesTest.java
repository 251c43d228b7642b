package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lwm2m.ModeCredentials.Mode;

/**
 * Every DTLS security mode the node offers, end to end against a Leshan server on loopback, the
 * same way: registration, a read, an observation, a lamp write and its notification, a refused
 * bad write that changes nothing, a restart that registers again with the platform's override
 * kept, and a bootstrap that hands the node a server account in the same mode, kept privately and
 * enough after a restart without the bootstrap server.
 */
class SecurityModesTest {
    private static final String ENDPOINT = ModeCredentials.ENDPOINT;

    @TempDir
    Path dir;

    private EmbeddedLwm2mServer server;
    private BootstrapServerFixture bootstrap;
    private Agent agent;
    private final Notifications notifications = new Notifications();

    @AfterEach
    void stop() {
        stopAgent();
        if (bootstrap != null) {
            bootstrap.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void stopAgent() {
        if (agent != null) {
            agent.stop();
            agent = null;
        }
    }

    private void startAgent(ConfigText config) throws Exception {
        Files.writeString(dir.resolve("streetnode.toml"), config.text());
        agent = Agent.create(ConfigLoader.load(dir.resolve("streetnode.toml")), Clock.systemUTC(), () -> { });
        agent.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.registration(ENDPOINT).isPresent()
                && agent.registration().registered());
    }

    private EmbeddedLwm2mServer startServer(ModeCredentials credentials, ModeCredentials.Server identity) {
        EmbeddedLwm2mServer s = EmbeddedLwm2mServer.start(0, 0, List.of(), identity.identity()).allow(credentials.nodeInfo());
        s.leshan().getObservationService().addListener(notifications);
        return s;
    }

    private Object value(String path) throws InterruptedException {
        ReadResponse r = server.send(ENDPOINT, new ReadRequest(path), 5000);
        assertThat(r.isSuccess()).as("read %s: %s %s", path, r.getCode(), r.getErrorMessage()).isTrue();
        return ((LwM2mSingleResource) r.getContent()).getValue();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void registersIsObservedTakesALampWriteRefusesABadOneAndRegistersAgainAfterARestart(Mode mode) throws Exception {
        ModeCredentials credentials = ModeCredentials.create(mode, dir);
        ModeCredentials.Server platform = credentials.server("server");
        server = startServer(credentials, platform);
        ConfigText config = credentials.account(ConfigText.simulatedNode(ENDPOINT), "lwm2m", server.coapsUri(), platform)
                .set("lwm2m", "local_port", 0);
        startAgent(config);
        assertThat(agent.lwm2m().diagnostics().security()).isEqualTo(mode.name().toLowerCase(java.util.Locale.ROOT));

        ReadResponse device = server.send(ENDPOINT, new ReadRequest(3, 0), 5000);
        assertThat(((LwM2mObjectInstance) device.getContent()).getResource(0).getValue()).isEqualTo("streetnode");

        // observe the lamp's level, command it, see the notification
        assertThat(server.send(ENDPOINT, new ObserveRequest(3416, 0, 3), 5000).isSuccess()).isTrue();
        assertThat(server.send(ENDPOINT, new WriteRequest(3416, 0, 1, 40L), 5000).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications.values("/3416/0/3").contains(40L));

        // a level out of range is refused and changes nothing
        assertThat(server.send(ENDPOINT, new WriteRequest(3416, 0, 1, 101L), 5000).getCode())
                .isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(value("/3416/0/1")).isEqualTo(40L);
        assertThat(value("/3416/0/3")).isEqualTo(40L);

        // a restart: a new handshake in the same mode, the platform's override kept
        String before = server.registration(ENDPOINT).orElseThrow().getId();
        stopAgent();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.registration(ENDPOINT).isEmpty());
        startAgent(config);
        assertThat(server.registration(ENDPOINT).orElseThrow().getId()).isNotEqualTo(before);
        assertThat(value("/3416/0/1")).isEqualTo(40L);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void bootstrapsInTheModeKeepsTheAccountAndRegistersDirectlyAfterARestart(Mode mode) throws Exception {
        ModeCredentials credentials = ModeCredentials.create(mode, dir);
        ModeCredentials.Server platform = credentials.server("server");
        ModeCredentials.Server bootstrapIdentity = credentials.server("bootstrap");
        server = startServer(credentials, platform);
        bootstrap = BootstrapServerFixture.start(0, credentials.nodeInfo(), bootstrapIdentity.identity());
        bootstrap.provision(ENDPOINT, credentials.bootstrapAccount(bootstrap.coapsUri(), bootstrapIdentity, true),
                credentials.bootstrapAccount(server.coapsUri(), platform, false));
        ConfigText config = credentials.account(ConfigText.simulatedNode(ENDPOINT)
                .set("lwm2m", "local_port", 0).set("lwm2m", "request_timeout", "2s"),
                "lwm2m.bootstrap", bootstrap.coapsUri(), bootstrapIdentity);

        startAgent(config);
        assertThat(bootstrap.finished).hasValue(1);
        assertThat(agent.registration().server()).isEqualTo(server.coapsUri().toString());
        assertThat(agent.lwm2m().diagnostics().security()).isEqualTo(mode.name().toLowerCase(java.util.Locale.ROOT));
        // what an update pull over coaps:// authenticates with: the account the bootstrap server wrote
        assertThat(agent.lwm2m().serverCredentials()).get().isInstanceOf(switch (mode) {
            case PSK -> ServerSecurity.Psk.class;
            case RPK -> ServerSecurity.Rpk.class;
            case X509 -> ServerSecurity.X509.class;
        });
        assertThat(server.send(ENDPOINT, new WriteRequest(3416, 0, 1, 30L), 5000).isSuccess()).isTrue();
        assertThat(server.send(ENDPOINT, new WriteRequest(3416, 0, 1, -1L), 5000).getCode())
                .isEqualTo(ResponseCode.BAD_REQUEST);

        // the bootstrap server is gone: what it wrote (keys and certificates included) is enough
        stopAgent();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.registration(ENDPOINT).isEmpty());
        bootstrap.close();
        bootstrap = null;
        startAgent(config);
        assertThat(value("/3416/0/1")).isEqualTo(30L);
        assertThat(value("/3/0/0")).isEqualTo("streetnode");
    }
}
