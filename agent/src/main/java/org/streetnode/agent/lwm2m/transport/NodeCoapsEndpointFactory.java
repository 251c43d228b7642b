package org.streetnode.agent.lwm2m.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.servers.ServerInfo;

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
 * node and is served as that server. The bootstrap server's endpoint stays client-only.
 */
public final class NodeCoapsEndpointFactory extends CoapsClientEndpointFactory {
    private final int localPort;
    private final Set<String> streamed;
    private final AtomicReference<DTLSConnector> current = new AtomicReference<>();
    private final AtomicReference<DtlsConnectorConfig> currentConfig = new AtomicReference<>();

    /**
     * @param localPort the UDP port to bind (0: any free port)
     * @param streamed the URI paths whose block-wise writes go up block by block
     */
    public NodeCoapsEndpointFactory(int localPort, Set<String> streamed) {
        super("lwm2m");
        this.localPort = localPort;
        this.streamed = Set.copyOf(streamed);
    }

    @Override
    public CoapEndpoint createCoapEndpoint(InetAddress clientAddress, Configuration configuration, ServerInfo serverInfo,
            boolean clientInitiatedOnly, List<Certificate> trustStore, ClientEndpointToolbox toolbox) {
        if (!serverInfo.isSecure()) {
            return null;
        }
        DtlsConnectorConfig.Builder root = createRootDtlsConnectorConfigBuilder(configuration);
        DtlsConnectorConfig.Builder effective = createEffectiveDtlsConnectorConfigBuilder(
                new InetSocketAddress(clientAddress, localPort), serverInfo, root, configuration, clientInitiatedOnly,
                trustStore);
        return createEndpointBuilder(effective.build(), configuration)
                .setCoapStackFactory(StreamingCoapStack.factory(streamed)).build();
    }

    @Override
    protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
        DTLSConnector connector = new DTLSConnector(dtlsConfig);
        current.set(connector);
        currentConfig.set(dtlsConfig);
        return connector;
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
