package org.streetnode.agent.lwm2m;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lighting.DutyWatcher;
import org.streetnode.agent.lighting.OverrideLatencyHarness;
import org.streetnode.agent.update.PackageBuilder;
import org.streetnode.agent.update.SignatureScheme;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;

/**
 * Pulling the real update package over loopback DTLS-PSK (1024-byte Block2, as the node pulls)
 * from a Californium CoAP server, through a relay that counts the bytes on the wire: the whole
 * agent's pull, unthrottled, beside the same bytes fetched by a plain Californium client
 * (block-wise, assembled in memory) in the same run. Then what a pull does to the node's other
 * work: the lamp's write latency (the platform's Write /3416/0/1 to the new PWM duty) and the
 * lag of live Sends (reading time to its arrival at the server), idle, during an unthrottled
 * pull, and during a pull held to the default [update] max_download_rate (64 KB/s).
 * Run: agent/src/bench/lwm2m-bench.sh update [PACKAGE] (default: the .snpkg ./mvnw package built).
 */
public final class UpdatePullBench {
    private static final String ENDPOINT = "node-under-test";
    private static final int WRITES = 300;

    private UpdatePullBench() {
    }

    public static void main(String[] args) throws Exception {
        Path pkg = Path.of(args.length > 0 ? args[0] : "deploy-scripts/target/streetnode_0.1.0.snpkg");
        Path dir = Files.createTempDirectory("update-pull-bench");
        KeyPair release = SignatureScheme.ED25519.generate();
        Path signed = Files.copy(pkg, dir.resolve("streetnode.snpkg"));
        PackageBuilder.sign(signed, release.getPrivate());
        Files.writeString(dir.resolve("release.pub"), Pem.encode("PUBLIC KEY", release.getPublic().getEncoded()));
        byte[] content = Files.readAllBytes(signed);
        byte[] psk = HexFormat.of().parseHex(TestConfigs.PSK_HEX);
        System.out.printf(Locale.ROOT, "package %s: %d bytes, 1024-byte blocks over DTLS-PSK on loopback; load average %s%n",
                pkg, content.length, Files.readString(Path.of("/proc/loadavg")).strip());

        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of()).allowPsk(ENDPOINT, ENDPOINT, psk);
                FirmwareServer firmware = new FirmwareServer(content, ENDPOINT, psk)) {
            InetSocketAddress fw = new InetSocketAddress("127.0.0.1", firmware.uri().getPort());
            try (UdpRelay plainRelay = new UdpRelay(fw)) {
                long t0 = System.nanoTime();
                byte[] got = plainGet(URI.create(plainRelay.coapsUri() + "/fw/streetnode.snpkg"), psk, content.length);
                long t1 = System.nanoTime();
                if (!Arrays.equals(got, content)) {
                    throw new IllegalStateException("the plain client got other bytes");
                }
                line("baseline: plain Californium client GET (block-wise)", t1 - t0, plainRelay.traffic().bytes(), content.length);
            }

            List<Long> sendLag = new CopyOnWriteArrayList<>();
            server.onReadings(readings -> {
                Instant now = Instant.now();
                readings.forEach(r -> sendLag.add(Duration.between(r.timestamp(), now).toNanos()));
            });

            for (String rate : List.of("1GB", "64KB")) {
                Path nodeDir = Files.createDirectories(dir.resolve("node-" + rate));
                Agent agent = Agent.create(ConfigLoader.load(TestConfigs.write(nodeDir, TestConfigs.node(nodeDir,
                        server.coapsUri().toString()).set("sampling", "period", "1s").set("store", "commit_window", "1s")
                        .set("update", "release_key", dir.resolve("release.pub")).set("update", "max_download_rate", rate))),
                        Clock.systemUTC(), () -> { });
                agent.start();
                try (UdpRelay relay = new UdpRelay(fw)) {
                    while (server.registration(ENDPOINT).isEmpty() || !agent.registration().registered()) {
                        Thread.sleep(20);
                    }
                    EmulatedPwmOutput pwm = agent.board().simulation().orElseThrow().emulatedIo().pwmOutput(0, 0).orElseThrow();
                    var dimmer = agent.board().lamp().orElseThrow().dimmer();
                    try (DutyWatcher watcher = new DutyWatcher(pwm)) {
                        if (rate.equals("1GB")) {
                            // warm-up: the JIT, the DTLS session, and the Sends of the start's backlog
                            writes(server, watcher, dimmer::dutyFor, WRITES / 3, () -> false);
                            Thread.sleep(10_000);
                            sendLag.clear();
                            long[] idle = writes(server, watcher, dimmer::dutyFor, WRITES, () -> false);
                            OverrideLatencyHarness.report("idle: lamp Write to PWM duty", idle);
                            report("idle: Send lag (reading to server)", sendLag);
                        }
                        sendLag.clear();
                        long t0 = System.nanoTime();
                        String uri = URI.create(relay.coapsUri() + "/fw/streetnode.snpkg").toString();
                        if (!server.send(ENDPOINT, new WriteRequest(5, 0, 1, uri), 10_000).isSuccess()) {
                            throw new IllegalStateException("the node refused the package URI");
                        }
                        long deadline = System.nanoTime() + Duration.ofSeconds(rate.equals("1GB") ? 600 : 60).toNanos();
                        long[] during = writes(server, watcher, dimmer::dutyFor, Integer.MAX_VALUE,
                                () -> System.nanoTime() > deadline || state(server) == 2);
                        long t1 = System.nanoTime();
                        String what = rate.equals("1GB") ? "unthrottled" : "at 64 KB/s (max_download_rate default)";
                        if (state(server) == 2) {
                            line("the agent's pull, " + what + ", to Downloaded (verified)", t1 - t0, relay.traffic().bytes(),
                                    content.length);
                        } else {
                            System.out.printf(Locale.ROOT, "the agent's pull, %s: %d of %d bytes in %.1f s (then cancelled)%n",
                                    what, Files.size(nodeDir.resolve("data/update/download.part")), content.length, (t1 - t0) / 1e9);
                            server.send(ENDPOINT, new WriteRequest(5, 0, 1, ""), 10_000);
                        }
                        OverrideLatencyHarness.report("during a pull " + what + ": lamp Write to PWM duty", during);
                        report("during a pull " + what + ": Send lag", sendLag);
                    }
                } finally {
                    agent.stop();
                }
            }
        }
    }

    /** The platform writes the lamp level, alternating, until {@code enough}; each from the Write leaving to the duty changed. */
    private static long[] writes(EmbeddedLwm2mServer server, DutyWatcher watcher, java.util.function.IntToDoubleFunction duty,
            int max, java.util.function.BooleanSupplier enough) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < max && !enough.getAsBoolean(); i++) {
            int level = i % 2 == 0 ? 30 : 70;
            watcher.expect(duty.applyAsDouble(level));
            long t0 = System.nanoTime();
            var r = server.send(ENDPOINT, new WriteRequest(3416, 0, 1, (long) level), 10_000);
            if (r == null || !r.isSuccess()) {
                throw new IllegalStateException("write refused: " + r);
            }
            out.add(watcher.awaitChange() - t0);
            Thread.sleep(50); // a platform does not write the lamp back to back
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The node's update State (/5/0/3), -1 when it does not answer. */
    private static long state(EmbeddedLwm2mServer server) {
        try {
            var r = server.send(ENDPOINT, new ReadRequest(5, 0, 3), 10_000);
            return r != null && r.isSuccess() ? (Long) ((LwM2mSingleResource) r.getContent()).getValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static byte[] plainGet(URI uri, byte[] psk, int size) throws Exception {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, size + 1024);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAdvancedPskStore(new AdvancedSinglePskStore(ENDPOINT, psk)).build());
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
        CoapClient client = new CoapClient(uri).setEndpoint(endpoint).setTimeout(600_000L);
        try {
            Request get = Request.newGet();
            get.getOptions().setBlock2(6, false, 0);
            CoapResponse r = client.advanced(get);
            if (r == null || !r.isSuccess()) {
                throw new IllegalStateException("the plain client's GET failed: " + r);
            }
            return r.getPayload();
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    private static void line(String what, long nanos, long wire, long size) {
        System.out.printf(Locale.ROOT, "%-58s %6.1f s  %5.2f MB/s  %,d bytes on the wire (%.3f x the package)%n", what,
                nanos / 1e9, size / (nanos / 1e9) / 1e6, wire, (double) wire / size);
    }

    private static void report(String what, List<Long> lags) {
        long[] a = lags.stream().mapToLong(Long::longValue).toArray();
        if (a.length == 0) {
            System.out.printf(Locale.ROOT, "%-52s no Sends arrived%n", what);
            return;
        }
        OverrideLatencyHarness.report(what, a);
    }
}
