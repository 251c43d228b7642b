package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;

/**
 * The node against the real world's failures, with short timers: a server gone for a while, a
 * server restart that forgets registrations and DTLS sessions, a server that loses only the
 * DTLS session, and a NAT that gives the node a new address.
 */
class ResilienceTest {
    /** Requests time out after 2 s; registrations last 30 s. */
    /** A short lifetime and request timeout; waits of 1 s and 2 s within a sequence, 3 s between sequences. */
    private static ConfigText fast(ConfigText c) {
        return c.set("lwm2m", "lifetime", "30s").set("lwm2m", "request_timeout", "2s")
                .set("lwm2m.retry", "attempts", 3).set("lwm2m.retry", "first_wait", "1s")
                .set("lwm2m.retry", "sequence_wait", "3s").set("lwm2m.retry", "sequences", 1000);
    }

    /**
     * The longest the node may take to register once the server is back: the longest wait of
     * its retry settings (3 s) plus an attempt that was already waiting for an answer (2 s).
     */
    private static final Duration BACKOFF_BOUND = Duration.ofSeconds(3 + 2);
    /** Scheduling slack on a CI machine shared with other builds. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private NodeFixture node;
    private EmbeddedLwm2mServer restarted;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (restarted != null) {
            restarted.close();
        }
    }

    private String registrationId() {
        return node.status().registrationId().orElseThrow();
    }

    @Test
    void aServerStoppedForAWhileAndRestartedOnTheSamePortGetsTheNodeBackWithinTheBackoffBound() throws Exception {
        node = NodeFixture.start(dir, ResilienceTest::fast, EmbeddedLwm2mServer::coapsUri);
        int port = node.server.coapsUri().getPort();
        node.server.close();

        node.lwm2m.uplink().requestUpdate();
        // the update gets no answer, nor does its retry, nor the registrations that follow
        await().atMost(Duration.ofSeconds(30)).until(() -> node.status().state() == RegistrationStatus.State.RETRYING
                && node.status().lastError().orElse("").contains("registration timed out"));
        RegistrationStatus retrying = node.status();
        assertThat(retrying.registered()).isFalse();
        assertThat(retrying.nextAttempt()).isPresent();

        restarted = NodeFixture.allowNode(EmbeddedLwm2mServer.start(0, port, List.of()));
        Instant back = Instant.now();
        await().atMost(BACKOFF_BOUND.plus(SLACK)).until(() -> restarted.registration(NodeFixture.ENDPOINT).isPresent());
        Duration took = Duration.between(back, Instant.now());
        assertThat(took).isLessThanOrEqualTo(BACKOFF_BOUND.plus(SLACK));
        await().atMost(Duration.ofSeconds(2)).until(() -> node.status().registered());
        assertThat(node.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("timed out"));
    }

    @Test
    void aServerRestartThatForgetsRegistrationsAndSessionsEndsInANewRegistration() throws Exception {
        node = NodeFixture.start(dir, ResilienceTest::fast, EmbeddedLwm2mServer::coapsUri);
        int port = node.server.coapsUri().getPort();
        String before = registrationId();
        node.server.close();
        restarted = NodeFixture.allowNode(EmbeddedLwm2mServer.start(0, port, List.of()));

        node.lwm2m.uplink().requestUpdate();
        // the update's records belong to a session the new server never had: no answer; the
        // resumed handshake falls back to a full one; the update is refused (4.04): register
        await().atMost(Duration.ofSeconds(4 + 2).plus(SLACK))
                .until(() -> restarted.registration(NodeFixture.ENDPOINT).isPresent());
        await().atMost(Duration.ofSeconds(2)).until(() -> node.status().registered());
        assertThat(registrationId()).isNotEqualTo(before);
    }

    @Test
    void aLostDtlsSessionIsResumedOrRenewedWithoutLosingTheRegistration() throws Exception {
        node = NodeFixture.start(dir, ResilienceTest::fast, EmbeddedLwm2mServer::coapsUri);
        String before = registrationId();
        Instant contact = node.status().lastContact().orElseThrow();
        node.server.dtlsConnector().clearConnectionState();

        node.lwm2m.uplink().requestUpdate();
        await().atMost(Duration.ofSeconds(4).plus(SLACK))
                .until(() -> node.status().lastContact().orElseThrow().isAfter(contact));
        assertThat(registrationId()).isEqualTo(before);
        assertThat(before).endsWith("/" + node.server.registration(NodeFixture.ENDPOINT).orElseThrow().getId());
        assertThat(node.read("/3/0/0").isSuccess()).isTrue();
    }

    @Test
    void aResumedSessionKeepsItsIdentityAndTheAutoHandshakeTimeoutIsConfigured() throws Exception {
        node = NodeFixture.start(dir, c -> fast(c).set("lwm2m", "auto_handshake_timeout", "90s"), EmbeddedLwm2mServer::coapsUri);
        assertThat(node.lwm2m.dtlsConfig().orElseThrow().getAutoHandshakeTimeoutMillis()).isEqualTo(90_000L);

        DTLSConnector serverDtls = node.server.dtlsConnector();
        InetSocketAddress nodeAddress = ((IpPeer) node.registration().getClientTransportData()).getSocketAddress();
        DTLSContext first = serverDtls.getDtlsContextByAddress(nodeAddress);
        Instant contact = node.status().lastContact().orElseThrow();

        // what the auto-handshake timeout triggers after a quiet period: a resumption handshake
        node.lwm2m.dtlsConnector().orElseThrow().forceResumeAllSessions();
        node.lwm2m.uplink().requestUpdate();
        await().atMost(Duration.ofSeconds(2).plus(SLACK))
                .until(() -> node.status().lastContact().orElseThrow().isAfter(contact));

        DTLSContext resumed = serverDtls.getDtlsContextByAddress(nodeAddress);
        assertThat(resumed).isNotSameAs(first);
        assertThat(resumed.getSession().getSessionIdentifier()).isEqualTo(first.getSession().getSessionIdentifier());
    }

    @Test
    void aNewAddressBehindTheNatIsFollowedThroughTheDtlsConnectionId() throws Exception {
        EmbeddedLwm2mServer[] server = new EmbeddedLwm2mServer[1];
        UdpRelay[] relay = new UdpRelay[1];
        try {
            node = NodeFixture.start(dir, ResilienceTest::fast, s -> {
                server[0] = s;
                try {
                    relay[0] = new UdpRelay(new InetSocketAddress("127.0.0.1", s.coapsUri().getPort()));
                } catch (java.net.SocketException e) {
                    throw new IllegalStateException(e);
                }
                return relay[0].coapsUri();
            });
            String before = registrationId();
            DTLSConnector serverDtls = server[0].dtlsConnector();
            InetSocketAddress oldAddress = ((IpPeer) node.registration().getClientTransportData()).getSocketAddress();
            DTLSContext context = serverDtls.getDtlsContextByAddress(oldAddress);
            assertThat(context.getReadConnectionId()).as("the server issued a Connection ID").isNotNull();

            relay[0].rebind();
            Instant contact = node.status().lastContact().orElseThrow();
            node.lwm2m.uplink().requestUpdate();
            await().atMost(Duration.ofSeconds(2).plus(SLACK))
                    .until(() -> node.status().lastContact().orElseThrow().isAfter(contact));

            Registration now = node.registration();
            InetSocketAddress newAddress = ((IpPeer) now.getClientTransportData()).getSocketAddress();
            assertThat(newAddress.getPort()).isEqualTo(relay[0].outsidePort()).isNotEqualTo(oldAddress.getPort());
            assertThat(before).endsWith("/" + now.getId());
            assertThat(registrationId()).isEqualTo(before);
            // same DTLS context: no new handshake was needed, the Connection ID found the session
            assertThat(serverDtls.getDtlsContextByAddress(newAddress)).isSameAs(context);
            assertThat(server[0].send(NodeFixture.ENDPOINT, new ReadRequest("/3/0/0"), 5000).isSuccess()).isTrue();
        } finally {
            if (relay[0] != null) {
                relay[0].close();
            }
        }
    }
}
