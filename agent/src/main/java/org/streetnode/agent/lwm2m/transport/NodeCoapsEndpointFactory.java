package org.streetnode.agent.lwm2m.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.streetnode.agent.lwm2m.engine.HandshakeMode;

/**
 * Leshan's CoAP-over-DTLS client endpoint, bound to the node's configured local port instead of
 * an ephemeral one, so that the platform's CoAP tools find the node (coaps://NODE:PORT).
 *
 * <p>Its CoAP stack passes block-wise writes to the streamed resources up block by block
 * ({@link StreamedBlock1Layer}).
 *
 * <p>Leshan gives the endpoint of a device management server the DTLS role "both" (the node
 * also accepts handshakes), with a PSK store holding that server's identity and key: a CoAP
 * client that knows the server's PSK identity and key can therefore open a DTLS session with the
 * node and is served as that server; such tool sessions are bounded, the least recently used
 * going first, never the session with the server ({@link ToolSessionStore}). The bootstrap
 * server's endpoint stays client-only.
 * Error answers carry plain messages ({@link PlainErrorAnswers}).
 *
 * <p>An endpoint created after {@link #next(boolean) next(true)} probes: its handshake first
 * retransmits after twice the probe timeout (and only once), later than the registration engine
 * waits for a probe's answer; when the probe gets none, {@link #silence()} stops the endpoint, so
 * nothing of the attempt is sent after it ended. While the node waits between probes it therefore
 * has no endpoint up (the platform's CoAP tools cannot reach it then; they can between full
 * attempts). A probing endpoint that succeeds keeps these settings for its life: a later
 * resumption handshake of it is retransmitted once only, after twice the probe timeout; if that
 * fails, the engine's fallback (an update retried once, then a new registration) takes over.
 */
public final class NodeCoapsEndpointFactory extends CoapsClientEndpointFactory implements HandshakeMode {
    private final int localPort;
    private final int maxToolSessions;
    private final Set<String> streamed;
    private final Optional<ScheduledExecutorService> network;
    private final Duration probeTimeout;
    private volatile boolean probeNext;
    private final AtomicReference<DTLSConnector> current = new AtomicReference<>();
    private final AtomicReference<DtlsConnectorConfig> currentConfig = new AtomicReference<>();
    private final AtomicReference<ToolSessionStore> currentStore = new AtomicReference<>();
    /** The server of the endpoint being created, for its connector's store. */
    private InetSocketAddress connectingTo;

    /**
     * @param localPort the UDP port to bind (0: any free port)
     * @param maxToolSessions DTLS sessions other peers may hold at once ({@link ToolSessionStore})
     * @param streamed the URI paths whose block-wise writes go up block by block
     * @param network the executor the DTLS connector runs its handshakes and timers on; empty:
     *     each connector makes its own
     * @param probeTimeout how long a probing endpoint's handshake waits for each answer
     */
    public NodeCoapsEndpointFactory(int localPort, int maxToolSessions, Set<String> streamed,
            Optional<ScheduledExecutorService> network, Duration probeTimeout) {
        super("lwm2m");
        this.localPort = localPort;
        this.maxToolSessions = maxToolSessions;
        this.streamed = Set.copyOf(streamed);
        this.network = network;
        this.probeTimeout = probeTimeout;
    }

    @Override
    public void next(boolean probe) {
        probeNext = probe;
    }

    @Override
    public void silence() {
        connector().ifPresent(DTLSConnector::stop);
    }

    @Override
    public synchronized CoapEndpoint createCoapEndpoint(InetAddress clientAddress, Configuration configuration,
            ServerInfo serverInfo, boolean clientInitiatedOnly, List<Certificate> trustStore, ClientEndpointToolbox toolbox) {
        if (!serverInfo.isSecure()) {
            return null;
        }
        connectingTo = serverInfo.getAddress();
        DtlsConnectorConfig.Builder root = createRootDtlsConnectorConfigBuilder(configuration);
        DtlsConnectorConfig.Builder effective = createEffectiveDtlsConnectorConfigBuilder(
                new InetSocketAddress(clientAddress, localPort), serverInfo, root, configuration, clientInitiatedOnly,
                trustStore);
        if (probeNext) {
            effective.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1); // Californium's least
            effective.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, probeTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
        return PlainErrorAnswers.installOn(createEndpointBuilder(effective.build(), configuration)
                .setCoapStackFactory(StreamingCoapStack.factory(streamed)).build());
    }

    @Override
    protected synchronized Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
        ToolSessionStore store = new ToolSessionStore(connectingTo, maxToolSessions,
                dtlsConfig.get(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, TimeUnit.SECONDS), dtlsConfig.getSessionStore());
        DTLSConnector connector = new DTLSConnector(dtlsConfig, store) {
        };
        network.ifPresent(connector::setExecutor); // a shared executor is never shut down by the connector
        current.set(connector);
        currentConfig.set(dtlsConfig);
        currentStore.set(store);
        return connector;
    }

    /** How many DTLS sessions tool peers hold with the endpoint in use. */
    public Optional<Integer> toolSessions() {
        return Optional.ofNullable(currentStore.get()).map(ToolSessionStore::toolSessions);
    }

    /** The DTLS settings of the endpoint created last, if any. */
    public Optional<DtlsConnectorConfig> config() {
        return Optional.ofNullable(currentConfig.get());
    }

    /** The DTLS connector of the endpoint created last (the one in use), if any. */
    public Optional<DTLSConnector> connector() {
        return Optional.ofNullable(current.get());
    }
}
