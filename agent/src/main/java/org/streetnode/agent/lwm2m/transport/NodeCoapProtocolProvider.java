package org.streetnode.agent.lwm2m.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.servers.ServerInfo;

/**
 * Leshan's plain CoAP protocol (lab setups only), with the node's streaming stack ({@link StreamedBlock1Layer}),
 * answering errors with plain messages ({@link PlainErrorAnswers}).
 */
public final class NodeCoapProtocolProvider extends CoapClientProtocolProvider {
    private final Set<String> streamed;

    /** @param streamed the URI paths whose block-wise writes go up block by block */
    public NodeCoapProtocolProvider(Set<String> streamed) {
        this.streamed = Set.copyOf(streamed);
    }

    @Override
    public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
        return new CoapClientEndpointFactory() {
            @Override
            public CoapEndpoint createCoapEndpoint(InetAddress clientAddress, Configuration configuration,
                    ServerInfo serverInfo, boolean clientInitiatedOnly, List<Certificate> trustStore,
                    ClientEndpointToolbox toolbox) {
                CoapEndpoint endpoint = super.createCoapEndpoint(clientAddress, configuration, serverInfo,
                        clientInitiatedOnly, trustStore, toolbox);
                return endpoint == null ? null : PlainErrorAnswers.installOn(endpoint);
            }

            @Override
            protected CoapEndpoint.Builder createEndpointBuilder(InetSocketAddress address, ServerInfo serverInfo,
                    Configuration configuration) {
                return super.createEndpointBuilder(address, serverInfo, configuration)
                        .setCoapStackFactory(StreamingCoapStack.factory(streamed));
            }
        };
    }
}
