package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;

/**
 * While its server gives no answer, the node's registration attempts are probes: each fails after
 * the probe timeout, before its DTLS ClientHello would be retransmitted, and sends nothing more;
 * then the node waits. A probe still registers once the server is back. Against a real Leshan server and a
 * silent UDP socket on its port in between (a server gone, datagrams dropped).
 */
class ProbeAttemptsTest {
    /** Requests wait 10 s, probes 1 s, and the node waits exactly 2 s between attempts. */
    private static ConfigText probing(ConfigText c) {
        return c.set("lwm2m", "lifetime", "30s").set("lwm2m", "request_timeout", "10s")
                .set("lwm2m.retry", "attempts", 1).set("lwm2m.retry", "sequence_wait", "2s")
                .set("lwm2m.retry", "sequences", 1000).set("lwm2m.retry", "jitter", false)
                .set("lwm2m.retry", "probe_timeout", "1s");
    }

    /** A ClientHello as the silent socket received it. */
    private record Hello(long atNanos, String random, boolean resumption) {
    }

    @TempDir
    Path dir;

    private NodeFixture node;
    private EmbeddedLwm2mServer restarted;
    private DatagramSocket silent;

    @AfterEach
    void stop() {
        if (silent != null) {
            silent.close();
        }
        if (node != null) {
            node.close();
        }
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    void attemptsTheServerDoesNotAnswerSendTheirHelloOnceAndFailWithinTheProbeTimeout() throws Exception {
        node = NodeFixture.start(dir, ProbeAttemptsTest::probing, EmbeddedLwm2mServer::coapsUri);
        assertThat(node.lwm2m.dtlsConfig().orElseThrow().get(DtlsConfig.DTLS_MAX_RETRANSMISSIONS))
                .as("the first registration is no probe").isGreaterThan(1);
        int port = node.server.coapsUri().getPort();
        node.server.close();
        silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        List<Hello> hellos = new ArrayList<>();
        Thread listener = Thread.ofPlatform().daemon().start(() -> listen(hellos));

        // the update gets no answer (twice: 20 s), then the registration attempts begin
        node.lwm2m.uplink().requestUpdate();
        await().atMost(Duration.ofSeconds(90)).until(() -> fullHellos(hellos).size() >= 5);
        List<Hello> attempts = fullHellos(hellos);

        // each attempt sent its ClientHello once: no two with the same random (a retransmission
        // repeats it; a full attempt would retransmit after 2 s and 6 s within its 10 s, and a
        // probe not silenced after its 1 s would retransmit at 2 s)
        assertThat(attempts.stream().map(Hello::random).distinct().count()).isEqualTo(attempts.size());
        // one attempt every probe timeout (1 s) plus the wait (2 s): a full attempt would take
        // its request timeout (10 s) plus the wait
        for (int i = 1; i < attempts.size(); i++) {
            Duration gap = Duration.ofNanos(attempts.get(i).atNanos() - attempts.get(i - 1).atNanos());
            assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(8));
        }
        RegistrationStatus status = node.status();
        assertThat(status.registered()).isFalse();
        assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("no answer to the probe"));
        assertThat(node.lwm2m.dtlsConfig().orElseThrow().get(DtlsConfig.DTLS_MAX_RETRANSMISSIONS)).isEqualTo(1);

        // the server returns: the next probe registers the node
        silent.close();
        listener.join(2000);
        restarted = NodeFixture.allowNode(EmbeddedLwm2mServer.start(0, port, List.of()));
        await().atMost(Duration.ofSeconds(3 + 10)).until(() -> restarted.registration(NodeFixture.ENDPOINT).isPresent());
        await().atMost(Duration.ofSeconds(5)).until(() -> node.status().registered());
    }

    private List<Hello> fullHellos(List<Hello> hellos) {
        synchronized (hellos) {
            return hellos.stream().filter(h -> !h.resumption()).toList();
        }
    }

    /** Records each ClientHello (DTLS record type 22, handshake type 1) the node sends. */
    private void listen(List<Hello> hellos) {
        byte[] b = new byte[2048];
        while (!silent.isClosed()) {
            DatagramPacket p = new DatagramPacket(b, b.length);
            try {
                silent.receive(p);
            } catch (java.io.IOException e) {
                return;
            }
            // record header 13 bytes, handshake header 12, client_version 2, random 32, session id
            if (p.getLength() > 60 && b[0] == 22 && b[13] == 1) {
                String random = HexFormat.of().formatHex(Arrays.copyOfRange(b, 27, 59));
                synchronized (hellos) {
                    hellos.add(new Hello(System.nanoTime(), random, b[59] != 0));
                }
            }
        }
    }
}
