package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.update.FreeSpace;
import org.streetnode.agent.update.TestPackages;
import org.streetnode.agent.update.UpdateService;
import org.streetnode.agent.update.UpdateSettings;
import org.streetnode.agent.update.fetch.CoapFetcher;
import org.streetnode.agent.update.fetch.HttpFetcher;
import org.tinylog.Logger;

/**
 * Firmware Update (object 5) end to end: a Leshan server pushes a real package block-wise over
 * DTLS, or has the node pull it from a CoAP server over DTLS; it watches State (/5/0/3) and Update
 * Result (/5/0/5) by Observe. A pull survives its server going away, a badly signed package and
 * one there is no room for are refused with their results, and the state outlives the client.
 */
class FirmwareUpdateTest {
    /** 300 KB: block-wise, and far past the 8 KB Californium would gather in memory. */
    private static final int DEB_SIZE = 300_000;
    private static final long LONG_TIMEOUT = 60_000;
    private static KeyPair releaseKey;

    @TempDir
    Path dir;

    private NodeFixture node;
    private FirmwareServer firmware;
    private Path tmpfs;
    private FreeSpace freeSpace = FreeSpace.fileStore();

    @BeforeAll
    static void key() throws Exception {
        releaseKey = TestPackages.releaseKey();
    }

    @AfterEach
    void close() throws Exception {
        if (node != null) {
            node.close();
        }
        if (firmware != null) {
            firmware.close();
        }
        if (tmpfs != null) {
            run("umount", tmpfs.toString());
        }
    }

    private NodeFixture start(UnaryOperator<ConfigText> config) throws Exception {
        Files.writeString(dir.resolve("release.pub"), Pem.encode("PUBLIC KEY", releaseKey.getPublic().getEncoded()));
        return NodeFixture.start(dir, c -> config.apply(c.set("update", "release_key", "release.pub")),
                EmbeddedLwm2mServer::coapsUri, this::updateService);
    }

    /** The agent's update service, with short waits: a block's answer within 1 s, retries after 200 ms. */
    private Optional<UpdateService> updateService(StreetnodeConfig c, Supplier<Optional<ServerSecurity>> credentials) {
        UpdateSettings settings = UpdateSettings.of(c.update(), c.lwm2m().lab(), AgentVersion.get())
                .withRetries(30, Duration.ofMillis(200)).withKeepFree(0);
        return Optional.of(new UpdateService(settings, List.of(
                new CoapFetcher(credentials, Duration.ofSeconds(1)),
                new HttpFetcher(Duration.ofSeconds(5))), dir -> freeSpace.usableBytes(dir), Clock.systemUTC(),
                d -> Thread.sleep(d)));
    }

    private <T extends LwM2mResponse> T send(org.eclipse.leshan.core.request.DownlinkRequest<T> request) throws InterruptedException {
        return node.server.send(NodeFixture.ENDPOINT, request, LONG_TIMEOUT);
    }

    private void observeStateAndResult() throws InterruptedException {
        assertThat(node.send(new ObserveRequest("/5/0/3")).isSuccess()).isTrue();
        assertThat(node.send(new ObserveRequest("/5/0/5")).isSuccess()).isTrue();
    }

    private long read(String path) throws InterruptedException {
        ReadResponse r = node.read(path);
        return r.isSuccess() ? (Long) ((LwM2mSingleResource) r.getContent()).getValue() : -1;
    }

    private byte[] signedPackage(KeyPair key, String version) throws Exception {
        return Files.readAllBytes(TestPackages.signed(dir.resolve("build-" + version), key, version, "0.1.0", DEB_SIZE));
    }

    @Test
    void aPackagePushedBlockWiseIsStreamedToTheSpoolAndObservedThroughDownloadedToUpdating() throws Exception {
        node = start(UnaryOperator.identity());
        observeStateAndResult();
        assertThat(read("/5/0/3")).isZero();
        assertThat(node.read("/5/0/7").getContent().toString()).contains(AgentVersion.get());
        assertThat(node.read("/3/0/3").getContent().toString()).contains(AgentVersion.get());

        byte[] pkg = signedPackage(releaseKey, "0.3.0");
        assertThat(send(new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, pkg)).getCode()).isEqualTo(ResponseCode.CHANGED);
        await().atMost(Duration.ofSeconds(20)).until(() -> read("/5/0/3") == 2);
        await().until(() -> node.notifications.values("/5/0/3").contains(2L));
        assertThat(node.notifications.values("/5/0/3")).containsSubsequence(1L, 2L);
        assertThat(read("/5/0/5")).isZero();
        assertThat(node.read("/5/0/7").getContent().toString()).contains("0.3.0");
        assertThat(Files.readAllBytes(dir.resolve("data/update/package.snpkg"))).isEqualTo(pkg);

        assertThat(send(new ExecuteRequest("/5/0/2")).isSuccess()).isTrue();
        await().until(() -> node.notifications.values("/5/0/3").contains(3L));
        assertThat(read("/5/0/3")).isEqualTo(3);
        String request = Files.readString(dir.resolve("data/update/install-request.json"));
        assertThat(request).contains("\"version\" : \"0.3.0\"")
                .contains(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pkg)));
        // while the helper works, nothing else goes
        assertThat(send(new WriteRequest(5, 0, 1, "")).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(send(new ExecuteRequest("/5/0/2")).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void theStateOutlivesTheClientAndAnEmptyPackageCancels() throws Exception {
        node = start(UnaryOperator.identity());
        byte[] pkg = signedPackage(releaseKey, "0.3.0");
        assertThat(send(new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, pkg)).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> read("/5/0/3") == 2);
        node.close();

        node = start(UnaryOperator.identity());
        assertThat(read("/5/0/3")).as("a restart does not reset the state to idle").isEqualTo(2);
        assertThat(node.read("/5/0/7").getContent().toString()).contains("0.3.0");
        assertThat(send(new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, new byte[0])).isSuccess()).isTrue();
        assertThat(read("/5/0/3")).isZero();
        assertThat(read("/5/0/5")).isZero();
        assertThat(Files.exists(dir.resolve("data/update/package.snpkg"))).isFalse();
        assertThat(send(new ExecuteRequest("/5/0/2")).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void aPackageSignedByAnotherKeyIsRefusedWithIntegrityFailure() throws Exception {
        node = start(UnaryOperator.identity());
        observeStateAndResult();
        byte[] pkg = signedPackage(TestPackages.releaseKey(), "0.3.0");
        LwM2mResponse answer = send(new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, pkg));
        assertThat(answer.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(answer.getErrorMessage()).contains("pinned release key");
        await().until(() -> node.notifications.values("/5/0/5").contains(5L));
        assertThat(read("/5/0/3")).isZero();
        assertThat(read("/5/0/5")).isEqualTo(5);
        assertThat(Files.list(dir.resolve("data/update")).map(p -> p.getFileName().toString())).containsExactly("state.json");
    }

    @Test
    void aPackageThereIsNoRoomForIsRefusedWithNotEnoughStorage() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("small"));
        if (mountSmallTmpfs(spool)) {
            tmpfs = spool;
        } else {
            Logger.info("test: no tmpfs can be mounted here (not root); the spool's free space is a stand-in of 100 KB");
            freeSpace = d -> 100_000;
        }
        node = start(c -> c.set("update", "spool_dir", spool));
        observeStateAndResult();
        byte[] pkg = signedPackage(releaseKey, "0.3.0");
        LwM2mResponse answer = send(new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, pkg));
        assertThat(answer.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        await().until(() -> node.notifications.values("/5/0/5").contains(2L));
        assertThat(read("/5/0/3")).isZero();
        assertThat(Files.exists(spool.resolve("download.part"))).isFalse();
    }

    @Test
    void aPackageIsPulledFromACoapsServerWithTheNodesOwnCredentials() throws Exception {
        node = start(UnaryOperator.identity());
        firmware = new FirmwareServer(signedPackage(releaseKey, "0.3.0"), NodeFixture.ENDPOINT,
                HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        observeStateAndResult();
        assertThat(send(new WriteRequest(5, 0, 1, firmware.uri().toString())).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> read("/5/0/3") == 2);
        assertThat(node.notifications.values("/5/0/3")).containsSubsequence(1L, 2L);
        assertThat(Files.readAllBytes(dir.resolve("data/update/package.snpkg"))).isEqualTo(firmware.content);
        assertThat(firmware.offsets).doesNotHaveDuplicates();
    }

    @Test
    void aPullInterruptedByItsServerGoingAwayResumesWhereItStoppedWhenTheServerIsBack() throws Exception {
        node = start(UnaryOperator.identity());
        firmware = new FirmwareServer(signedPackage(releaseKey, "0.3.0"), NodeFixture.ENDPOINT,
                HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        int stopAt = 100 * 1024;
        firmware.silentAt = stopAt;
        assertThat(send(new WriteRequest(5, 0, 1, firmware.uri().toString())).isSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> firmware.offsets.contains(stopAt));
        firmware.stop();
        // the node keeps trying without a server, and keeps what it has
        Thread.sleep(2500);
        assertThat(read("/5/0/3")).isEqualTo(1);
        assertThat(Files.size(dir.resolve("data/update/download.part"))).isEqualTo(stopAt);
        firmware.offsets.clear();
        firmware.silentAt = -1;
        firmware.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> read("/5/0/3") == 2);
        assertThat(firmware.offsets.get(0)).isEqualTo(stopAt);
        assertThat(firmware.offsets).allMatch(o -> o >= stopAt);
        assertThat(Files.readAllBytes(dir.resolve("data/update/package.snpkg"))).isEqualTo(firmware.content);
    }

    @Test
    void aBadlySignedPullIsRefusedFromItsFirstBlocks() throws Exception {
        node = start(UnaryOperator.identity());
        byte[] pkg = signedPackage(TestPackages.releaseKey(), "0.3.0");
        firmware = new FirmwareServer(pkg, NodeFixture.ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        observeStateAndResult();
        assertThat(send(new WriteRequest(5, 0, 1, firmware.uri().toString())).isSuccess()).isTrue();
        await().until(() -> node.notifications.values("/5/0/5").contains(5L));
        assertThat(read("/5/0/3")).isZero();
        assertThat(firmware.offsets.size()).isLessThan(10);
    }

    @Test
    void urisTheNodeCannotPullFromGetTheirResults() throws Exception {
        node = start(UnaryOperator.identity());
        observeStateAndResult();
        assertThat(send(new WriteRequest(5, 0, 1, "ftp://firmware.example/streetnode.snpkg")).isSuccess()).isTrue();
        await().until(() -> node.notifications.values("/5/0/5").contains(9L));
        assertThat(send(new WriteRequest(5, 0, 1, "coaps://bad host/x")).isSuccess()).isTrue();
        await().until(() -> node.notifications.values("/5/0/5").contains(7L));
        var protocols = ((org.eclipse.leshan.core.node.LwM2mMultipleResource) node.read("/5/0/8").getContent()).getInstances();
        assertThat(protocols.values()).extracting(i -> i.getValue()).containsExactly(1L, 3L);
        assertThat(read("/5/0/9")).isEqualTo(2);
    }

    /** A 128 KB tmpfs on {@code at}, when this process may mount one (root). */
    private static boolean mountSmallTmpfs(Path at) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        return run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", at.toString()) == 0;
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            Logger.info("test: {} failed: {}", String.join(" ", cmd), out.strip());
        }
        return p.exitValue();
    }
}
