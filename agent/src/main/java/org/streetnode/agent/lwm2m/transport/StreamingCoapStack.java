package org.streetnode.agent.lwm2m.transport;

import java.util.Set;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.ExtendedCoapStackFactory;
import org.eclipse.californium.core.network.Outbox;
import org.eclipse.californium.core.network.stack.BaseCoapStack;
import org.eclipse.californium.core.network.stack.BlockwiseLayer;
import org.eclipse.californium.core.network.stack.CoapStack;
import org.eclipse.californium.core.network.stack.CongestionControlLayer;
import org.eclipse.californium.core.network.stack.ExchangeCleanupLayer;
import org.eclipse.californium.core.network.stack.Layer;
import org.eclipse.californium.core.network.stack.ObserveLayer;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Californium's CoAP-over-UDP (and DTLS) stack, layer for layer, with the block-wise layer
 * wrapped so that block-wise writes to the streamed resources pass up block by block
 * ({@link StreamedBlock1Layer}).
 */
final class StreamingCoapStack extends BaseCoapStack {
    private StreamingCoapStack(String tag, Configuration config, EndpointContextMatcher matcher, Outbox outbox,
            Set<String> streamed) {
        super(outbox);
        setLayers(new Layer[] {
            new ExchangeCleanupLayer(config),
            new ObserveLayer(config),
            new StreamedBlock1Layer(new BlockwiseLayer(tag, false, config, matcher), streamed),
            CongestionControlLayer.newImplementation(tag, config)});
    }

    /** Makes these stacks for UDP and DTLS endpoints, the standard ones for any other protocol. */
    static ExtendedCoapStackFactory factory(Set<String> streamed) {
        return new ExtendedCoapStackFactory() {
            @Override
            public CoapStack createCoapStack(String protocol, String tag, Configuration config, EndpointContextMatcher matcher,
                    Outbox outbox, Object customStackArgument) {
                if (CoAP.PROTOCOL_UDP.equals(protocol) || CoAP.PROTOCOL_DTLS.equals(protocol)) {
                    return new StreamingCoapStack(tag, config, matcher, outbox, streamed);
                }
                return ((ExtendedCoapStackFactory) CoapEndpoint.STANDARD_COAP_STACK_FACTORY).createCoapStack(protocol, tag,
                        config, matcher, outbox, customStackArgument);
            }

            @Override
            public CoapStack createCoapStack(String protocol, String tag, Configuration config, Outbox outbox,
                    Object customStackArgument) {
                return createCoapStack(protocol, tag, config, null, outbox, customStackArgument);
            }
        };
    }
}
