package org.streetnode.agent.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A firmware repository as the platform might run one: a Californium CoAP server over DTLS-PSK
 * (knowing the node's identity and key) that serves one package at {@code /fw/streetnode.snpkg}
 * block by block (Block2, with Size2), records which blocks were asked for, and can be told to
 * leave one block unanswered.
 */
public final class FirmwareServer implements AutoCloseable {
    private final CoapServer server;
    private final int port;
    public final List<Integer> offsets = new CopyOnWriteArrayList<>();
    public volatile byte[] content;
    /** The offset of a block the server does not answer (-1: answer all). */
    public volatile int silentAt = -1;

    /** On a free port of its own, kept across {@link #stop()} and {@link #start()}. */
    public FirmwareServer(byte[] content, String identity, byte[] psk) throws java.io.IOException {
        this.content = content;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, psk)).build();
        DTLSConnector connector = new DTLSConnector(dtls);
        server = new CoapServer(config);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build());
        CoapResource fw = new CoapResource("fw");
        fw.add(new CoapResource("streetnode.snpkg") {
            @Override
            public void handleGET(CoapExchange exchange) {
                BlockOption asked = exchange.getRequestOptions().getBlock2();
                int szx = asked == null ? 6 : asked.getSzx();
                int size = BlockOption.szx2Size(szx);
                int from = asked == null ? 0 : asked.getNum() * size;
                offsets.add(from);
                if (from == silentAt) {
                    return;
                }
                byte[] all = FirmwareServer.this.content;
                int to = Math.min(all.length, from + size);
                Response r = new Response(ResponseCode.CONTENT);
                r.setPayload(java.util.Arrays.copyOfRange(all, Math.min(from, all.length), to));
                r.getOptions().setBlock2(szx, to < all.length, from / size).setSize2(all.length);
                exchange.respond(r);
            }
        });
        server.add(fw);
        server.start();
    }

    public URI uri() {
        return URI.create("coaps://127.0.0.1:" + port + "/fw/streetnode.snpkg");
    }

    void stop() {
        server.stop();
    }

    void start() {
        server.start();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
