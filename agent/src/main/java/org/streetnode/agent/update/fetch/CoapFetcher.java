package org.streetnode.agent.update.fetch;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.streetnode.agent.config.ServerSecurity;

/**
 * Pulls a package over CoAP (RFC 7252) with block-wise GETs (RFC 7959, Block2), one block of up
 * to 1 KiB per request, each handed on before the next is asked for: the endpoint's transparent
 * block-wise assembly is off (MAX_RESOURCE_BODY_SIZE 0), so nothing gathers in memory and a
 * download resumes at any block. {@code coaps://} authenticates with the node's own DTLS
 * credentials towards its LwM2M server (PSK, RPK or X.509); a firmware server that does not know
 * them refuses the handshake. Each request waits at most {@code requestTimeout}, CoAP
 * retransmissions included.
 */
public final class CoapFetcher implements PackageFetcher {
    /** Block size exponent 6: 1024-byte blocks, the largest CoAP over UDP has. */
    private static final int SZX = 6;

    private final Supplier<Optional<ServerSecurity>> credentials;
    private final Duration requestTimeout;

    /**
     * @param credentials the node's DTLS credentials towards its LwM2M server, when it has some
     * @param requestTimeout the longest wait for one block's answer
     */
    public CoapFetcher(Supplier<Optional<ServerSecurity>> credentials, Duration requestTimeout) {
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("coap", "coaps");
    }

    @Override
    public void fetch(URI uri, long offset, BlockSink sink) throws FetchException, InterruptedException {
        CoapEndpoint endpoint = endpoint(uri.getScheme().equals("coaps"));
        try {
            endpoint.start();
            long at = offset;
            int szx = SZX;
            while (true) {
                Request get = Request.newGet();
                get.setURI(uri);
                get.getOptions().setBlock2(szx, false, (int) (at / BlockOption.szx2Size(szx)));
                get.getOptions().setSize2(0); // asks the server for the whole size
                endpoint.sendRequest(get);
                Response r = get.waitForResponse(requestTimeout.toMillis());
                if (r == null) {
                    get.cancel();
                    throw new FetchException(FetchException.Kind.TRANSIENT, get.getSendError() != null
                            ? "no answer: " + get.getSendError().getMessage()
                            : "no answer within " + requestTimeout.toSeconds() + " s");
                }
                checkCode(r);
                BlockOption block = r.getOptions().getBlock2();
                long total = r.getOptions().hasSize2() ? r.getOptions().getSize2() : -1;
                if (block == null) {
                    if (at != 0) {
                        throw new FetchException(FetchException.Kind.UNSUPPORTED,
                                "the server ignores block-wise requests; the download cannot resume at byte " + at);
                    }
                    sink.accept(0, r.getPayload(), r.getPayloadSize());
                    return;
                }
                if (block.getOffset() != at) {
                    throw new FetchException(FetchException.Kind.TRANSIENT, "the server sent the block at byte "
                            + block.getOffset() + " for the one at " + at);
                }
                sink.accept(at, r.getPayload(), total);
                at += r.getPayloadSize();
                if (!block.isM()) {
                    return;
                }
                if (r.getPayloadSize() == 0) {
                    throw new FetchException(FetchException.Kind.TRANSIENT, "the server sent an empty block before the end");
                }
                szx = Math.min(szx, block.getSzx());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FetchException(FetchException.Kind.UNSUPPORTED, "cannot fetch " + uri + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new FetchException(FetchException.Kind.TRANSIENT, "cannot open a CoAP endpoint: " + e.getMessage(), e);
        } finally {
            endpoint.destroy();
        }
    }

    private static void checkCode(Response r) throws FetchException {
        CoAP.ResponseCode code = r.getCode();
        if (code == CoAP.ResponseCode.CONTENT) {
            return;
        }
        String what = code.text + " " + code.name() + (r.getPayloadSize() > 0 ? ": " + r.getPayloadString() : "");
        if (code.isServerError()) {
            throw new FetchException(FetchException.Kind.TRANSIENT, what);
        }
        throw new FetchException(FetchException.Kind.NOT_FOUND, what);
    }

    private CoapEndpoint endpoint(boolean secure) throws FetchException {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        CoapEndpoint.Builder b = new CoapEndpoint.Builder().setConfiguration(config);
        if (!secure) {
            return b.setInetSocketAddress(new InetSocketAddress(0)).build();
        }
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress(0));
        switch (credentials.get().orElseThrow(() -> new FetchException(FetchException.Kind.UNSUPPORTED,
                "coaps:// needs DTLS credentials and the node has no LwM2M server account with some"))) {
            case ServerSecurity.Psk psk -> dtls.setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), psk.key().bytes()));
            case ServerSecurity.Rpk rpk -> dtls
                    .setCertificateIdentityProvider(new SingleCertificateProvider(rpk.privateKey(), rpk.publicKey()))
                    .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                            .setTrustedRPKs(new RawPublicKeyIdentity(rpk.serverPublicKey())).build());
            case ServerSecurity.X509 x509 -> dtls
                    .setCertificateIdentityProvider(new SingleCertificateProvider(x509.privateKey(),
                            x509.certificateChain().toArray(new Certificate[0]), CertificateType.X_509))
                    .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                            .setTrustedCertificates(x509.trusted().toArray(new Certificate[0])).build());
            case ServerSecurity.NoSec none -> throw new FetchException(FetchException.Kind.UNSUPPORTED,
                    "coaps:// needs DTLS credentials; the node's LwM2M account has none (nosec)");
        }
        return b.setConnector(new DTLSConnector(dtls.build())).build();
    }
}
