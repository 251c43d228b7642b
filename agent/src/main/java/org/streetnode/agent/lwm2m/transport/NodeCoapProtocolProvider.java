package org.streetnode.agent.lwm2m.transport;

import java.net.InetAddress;
import java.security.cert.Certificate;
import java.util.List;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.servers.ServerInfo;

/** Leshan's plain CoAP protocol (lab setups only), answering errors with plain messages ({@link PlainErrorAnswers}). */
public final class NodeCoapProtocolProvider extends CoapClientProtocolProvider {
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
        };
    }
}
