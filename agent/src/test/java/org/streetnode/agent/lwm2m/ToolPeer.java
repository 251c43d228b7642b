package org.streetnode.agent.lwm2m;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.crypto.spec.SecretKeySpec;
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

/**
 * A platform's CoAP tool talking to the node over DTLS-PSK with the identity and key its server
 * knows the node by (Californium's own client: a CoAP/DTLS stack independent of Leshan's request
 * handling). Sends any request, well-formed or not, and returns the raw answer.
 */
final class ToolPeer implements AutoCloseable {
    private final CoapEndpoint endpoint;
    private final URI base;

    ToolPeer(InetSocketAddress node, String identity, byte[] key) {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, new SecretKeySpec(key, "PSK")))
                .build();
        endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
        base = URI.create("coaps://" + node.getHostString() + ":" + node.getPort());
    }

    /** Sends {@code request} (its URI is set here from {@code path}, which may be any text) and waits for the answer. */
    CoapResponse send(Request request, String path) throws Exception {
        request.setURI(base + path);
        CoapResponse response = new CoapClient().setEndpoint(endpoint).setTimeout(10_000L).advanced(request);
        if (response == null) {
            throw new AssertionError("no answer to " + request.getCode() + " " + path);
        }
        return response;
    }

    static String text(CoapResponse r) {
        return new String(r.getPayload(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
