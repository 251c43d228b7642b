package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lwm2m.store.ServerAccountsStore;

/**
 * A node shipped with only a bootstrap server in its configuration: it bootstraps from a Leshan
 * bootstrap server, keeps what it was given (privately, atomically), registers directly after a
 * restart, and goes back to the bootstrap server when its server refuses it or what it kept is
 * unusable.
 */
class BootstrapTest {
    private static final String ENDPOINT = NodeFixture.ENDPOINT;
    private static final byte[] BS_KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
    private static final byte[] DM_KEY = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");
    private static final String DM_IDENTITY = "dm-" + ENDPOINT;

    @TempDir
    Path dir;

    private EmbeddedLwm2mServer dm;
    private BootstrapServerFixture bs;
    private int bsPort;
    private Agent agent;
    private final AtomicBoolean restarted = new AtomicBoolean();

    @BeforeEach
    void servers() throws Exception {
        dm = EmbeddedLwm2mServer.start(List.of()).allowPsk(ENDPOINT, DM_IDENTITY, DM_KEY);
        bs = startBootstrapServer(0);
        bsPort = bs.coapsUri().getPort();
        AtomicFile.writePrivate(dir.resolve("secrets/bs.hex"), HexFormat.of().formatHex(BS_KEY).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("streetnode.toml"), ConfigText.simulatedNode(ENDPOINT)
                .set("lwm2m", "local_port", 0).set("lwm2m", "request_timeout", "2s")
                .set("lwm2m.retry", "attempts", 2).set("lwm2m.retry", "first_wait", "1s")
                .set("lwm2m.retry", "sequence_wait", "1s").set("lwm2m.retry", "sequences", 1)
                .pskAccount("lwm2m.bootstrap", bs.coapsUri(), ENDPOINT).set("lwm2m.bootstrap.psk", "key_file", "secrets/bs.hex")
                .text());
    }

    private BootstrapServerFixture startBootstrapServer(int port) throws Exception {
        BootstrapServerFixture s = BootstrapServerFixture.start(port, ENDPOINT, ENDPOINT, BS_KEY);
        s.provision(ENDPOINT, ENDPOINT, BS_KEY, dm.coapsUri(), DM_IDENTITY, DM_KEY);
        return s;
    }

    @AfterEach
    void stop() {
        stopAgent();
        bs.close();
        dm.close();
    }

    private void startAgent() throws Exception {
        agent = Agent.create(ConfigLoader.load(dir.resolve("streetnode.toml")), Clock.systemUTC(), () -> restarted.set(true));
        agent.start();
    }

    private void stopAgent() {
        if (agent != null) {
            agent.stop();
            agent = null;
        }
    }

    private Path kept() {
        return dir.resolve("data").resolve(ServerAccountsStore.FILE_NAME);
    }

    private void awaitRegisteredWithDm() {
        await().atMost(Duration.ofSeconds(20)).until(() -> dm.registration(ENDPOINT).isPresent()
                && agent.registration().registered());
    }

    @Test
    void bootstrapsKeepsTheAccountsPrivatelyAndRegistersDirectlyAfterARestart() throws Exception {
        startAgent();
        awaitRegisteredWithDm();
        assertThat(bs.finished).hasValue(1);
        assertThat(Files.getPosixFilePermissions(kept())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> files = Files.list(kept().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        // what the bootstrap server wrote is in force: its retry settings (bootstrap-only resources)
        assertThat(((LwM2mSingleResource) dm.send(ENDPOINT, new ReadRequest("/1/0/1"), 5000).getContent()).getValue())
                .isEqualTo(30L);

        // restart with the bootstrap server gone: the kept accounts are enough
        stopAgent();
        await().atMost(Duration.ofSeconds(5)).until(() -> dm.registration(ENDPOINT).isEmpty());
        bs.close();
        startAgent();
        awaitRegisteredWithDm();
        assertThat(bs.finished).hasValue(1);
        assertThat(agent.registration().server()).isEqualTo(dm.coapsUri().toString());
    }

    @Test
    void goesBackToTheBootstrapServerAtOnceWhenTheServerRefusesTheRegistration() throws Exception {
        startAgent();
        awaitRegisteredWithDm();
        stopAgent();

        // the platform gave the node's old identity to another node and the node a new one:
        // the old identity still opens a DTLS session, but registering with it is forbidden (4.03)
        byte[] newKey = HexFormat.of().parseHex("55555555555555555555555555555555");
        dm.forget(ENDPOINT).allow(SecurityInfo.newPreSharedKeyInfo("another-node", DM_IDENTITY, DM_KEY))
                .allowPsk(ENDPOINT, "dm2-" + ENDPOINT, newKey);
        bs.provision(ENDPOINT, ENDPOINT, BS_KEY, dm.coapsUri(), "dm2-" + ENDPOINT, newKey);

        startAgent();
        awaitRegisteredWithDm();
        assertThat(bs.finished).hasValue(2);
        assertThat(agent.registration().lastError())
                .hasValueSatisfying(e -> assertThat(e).contains("registration refused: FORBIDDEN").contains("bootstrap"));
    }

    @Test
    void goesBackToTheBootstrapServerAfterTheFailedSequencesWhenItsKeyIsNoLongerAccepted() throws Exception {
        startAgent();
        awaitRegisteredWithDm();
        stopAgent();

        // the platform rotates the node's key: DTLS silently drops records of a handshake with the
        // old one, which looks like an unreachable server, so the Server object's retry settings
        // (1 attempt, 2 sequences, written by the bootstrap server) decide when to bootstrap again
        byte[] newKey = HexFormat.of().parseHex("55555555555555555555555555555555");
        dm.forget(ENDPOINT).allowPsk(ENDPOINT, DM_IDENTITY, newKey);
        bs.provision(ENDPOINT, ENDPOINT, BS_KEY, dm.coapsUri(), DM_IDENTITY, newKey);

        startAgent();
        awaitRegisteredWithDm();
        assertThat(bs.finished).hasValue(2);
        assertThat(agent.registration().lastError())
                .hasValueSatisfying(e -> assertThat(e).contains("2 communication sequences failed: asking the bootstrap server"));
    }

    @Test
    void setsAnUnusableKeptFileAsideAndBootstrapsAgain() throws Exception {
        startAgent();
        awaitRegisteredWithDm();
        stopAgent();
        AtomicFile.writePrivate(kept(), "{\"format\":1,\"factory\":\"x\",\"objects\":[{\"bn\":".getBytes(StandardCharsets.UTF_8));

        startAgent();
        awaitRegisteredWithDm();
        assertThat(bs.finished).hasValue(2);
        try (Stream<Path> files = Files.list(kept().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(ServerAccountsStore.FILE_NAME + ".unusable-"));
        }
        assertThat(kept()).exists();
    }

    @Test
    void factoryResetForgetsTheBootstrappedAccountsAndRestarts() throws Exception {
        startAgent();
        awaitRegisteredWithDm();
        assertThat(kept()).exists();

        assertThat(dm.send(ENDPOINT, new ExecuteRequest("/3/0/5"), 5000).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilTrue(restarted);
        assertThat(kept()).doesNotExist();
    }

    @Test
    void aServerWriteToItsServerObjectIsKeptAcrossRestarts() throws Exception {
        startAgent();
        awaitRegisteredWithDm();
        String before = Files.readString(kept());
        assertThat(dm.send(ENDPOINT, new WriteRequest(1, 0, 23, true), 5000).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.readString(kept()).equals(before));

        stopAgent();
        bs.close();
        startAgent();
        awaitRegisteredWithDm();
        assertThat(agent.uplink().uplinkState().muteSend()).isTrue();
        assertThat(agent.uplink().uplinkState().sendEnabled()).isFalse();
    }
}
