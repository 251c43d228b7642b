package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.eclipse.californium.scandium.dtls.SessionId;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/**
 * The platform's CoAP tools never lock themselves out: 100 successive {@code coap-client-openssl}
 * runs, each its own DTLS session with the node, are all answered, while the whole agent stays
 * registered (the same registration throughout) and its Sends of fresh readings go on. With
 * Leshan's default of 10 DTLS connections and Californium's 30-minute stale threshold the tenth
 * run got no handshake at all. The tools hold at most {@code max_tool_sessions} (16) sessions.
 */
class ToolSessionsTest {
    private static final String ENDPOINT = NodeFixture.ENDPOINT;
    /** coap-client-openssl takes the key as text. */
    private static final String KEY_TEXT = "street-node-psk!";
    private static final int SESSIONS = 100;

    @TempDir
    Path dir;

    @AutoClose
    private AgentFixture node;

    @Test
    void aHundredSuccessiveToolSessionsAreAllAnsweredWhileTheNodeStaysRegisteredAndSends() throws Exception {
        CoapClientOpenssl.require();
        AtomicInteger received = new AtomicInteger();
        int port = freeUdpPort();
        node = AgentFixture.start(dir, KEY_TEXT.getBytes(StandardCharsets.US_ASCII), config -> config
                .set("lwm2m", "local_port", port).set("sampling", "period", "1s").set("store", "commit_window", "1s"));
        Agent agent = node.agent;
        EmbeddedLwm2mServer server = node.server;
        server.onReadings(readings -> received.addAndGet(readings.size()));
        await().atMost(Duration.ofSeconds(15)).until(() -> received.get() > 0);
        String registrationId = server.registration(ENDPOINT).map(Registration::getId).orElseThrow();
        InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", server.coapsUri().getPort());
        SessionId serverSession = serverSession(agent.lwm2m(), serverAddress);

        CoapClientOpenssl tool = new CoapClientOpenssl(ENDPOINT, KEY_TEXT);
        String manufacturer = "coaps://127.0.0.1:" + port + "/3/0/0";
        int receivedAtHalf = 0;
        for (int i = 1; i <= SESSIONS; i++) {
            CoapClientOpenssl.Result r = tool.run("-A", "0", manufacturer);
            assertThat(r.out()).as("session %d of %d", i, SESSIONS).contains("streetnode");
            if (i == SESSIONS / 2) {
                receivedAtHalf = received.get();
            }
        }
        int atHalf = receivedAtHalf;
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > atHalf);

        assertThat(agent.registration().registered()).isTrue();
        assertThat(server.registration(ENDPOINT).map(Registration::getId)).hasValue(registrationId);
        // the DTLS session with the server was never evicted (no new handshake), the tools' stay bounded
        assertThat(serverSession(agent.lwm2m(), serverAddress)).isEqualTo(serverSession);
        assertThat(agent.lwm2m().toolSessions()).hasValue(16);
    }

    @Test
    void theLeastRecentlyUsedToolSessionGoesNeverTheIdleOneWithTheServer() throws Exception {
        try (NodeFixture fixture = NodeFixture.start(dir, c -> c.set("lwm2m", "max_tool_sessions", 2), EmbeddedLwm2mServer::coapsUri)) {
            InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", fixture.server.coapsUri().getPort());
            SessionId serverSession = serverSession(fixture.lwm2m, serverAddress);
            InetSocketAddress nodeAddress = new InetSocketAddress("127.0.0.1", fixture.lwm2m.localAddress().orElseThrow().getPort());
            byte[] key = HexFormat.of().parseHex(TestConfigs.PSK_HEX);
            try (ToolPeer a = new ToolPeer(nodeAddress, ENDPOINT, key); ToolPeer b = new ToolPeer(nodeAddress, ENDPOINT, key);
                    ToolPeer c = new ToolPeer(nodeAddress, ENDPOINT, key)) {
                // the node's session with its server is now the least recently used of all: nothing goes to the server
                assertThat(a.send(Request.newGet(), "/3/0/0").getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);
                assertThat(b.send(Request.newGet(), "/3/0/0").getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);
                assertThat(a.send(Request.newGet(), "/3/0/1").getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);
                assertThat(c.send(Request.newGet(), "/3/0/0").getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);

                // b went (least recently used); a kept its session, and so did the server
                assertThat(fixture.lwm2m.toolSessions()).hasValue(2);
                assertThat(a.send(Request.newGet(), "/3/0/2").getCode()).isEqualTo(CoAP.ResponseCode.CONTENT);
                assertThat(serverSession(fixture.lwm2m, serverAddress)).isEqualTo(serverSession);
                assertThat(fixture.read("/3/0/0").isSuccess()).isTrue();
                assertThat(serverSession(fixture.lwm2m, serverAddress)).isEqualTo(serverSession);
            }
        }
    }

    private static SessionId serverSession(Lwm2mClientService lwm2m, InetSocketAddress serverAddress) {
        DTLSSession session = lwm2m.dtlsConnector().orElseThrow().getSessionByAddress(serverAddress);
        assertThat(session).as("the node's DTLS session with its server").isNotNull();
        return session.getSessionIdentifier();
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
