package org.streetnode.agent.lwm2m.transport;

import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;

/** Leshan's CoAPS protocol, with the node's endpoint factory. */
public final class NodeCoapsProtocolProvider extends CoapsClientProtocolProvider {
    private final NodeCoapsEndpointFactory factory;

    public NodeCoapsProtocolProvider(NodeCoapsEndpointFactory factory) {
        this.factory = factory;
    }

    @Override
    public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
        return factory;
    }
}
