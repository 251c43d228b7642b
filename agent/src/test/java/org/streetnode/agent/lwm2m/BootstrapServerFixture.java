package org.streetnode.agent.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.eclipse.leshan.server.bootstrap.BootstrapSessionAdapter;
import org.eclipse.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.security.BootstrapSecurityStoreAdapter;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/**
 * A Leshan bootstrap server on loopback (DTLS with PSK, or with its own raw public key or
 * certificate) that hands one node the account of a device management server: Security
 * instance 0 stays the bootstrap account, instance 1 and Server instance 0 are the device
 * management server's, with short retry settings.
 */
public final class BootstrapServerFixture implements AutoCloseable {
    final LeshanBootstrapServer server;
    final InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
    /** Bootstrap sessions ended so far. */
    public final AtomicInteger finished = new AtomicInteger();

    private BootstrapServerFixture(int port, SecurityInfo node, Optional<EmbeddedLwm2mServer.Identity> identity)
            throws Exception {
        InMemorySecurityStore security = new InMemorySecurityStore();
        security.add(node);
        CaliforniumBootstrapServerEndpointsProvider endpoints = new CaliforniumBootstrapServerEndpointsProvider.Builder(
                new CoapsBootstrapServerProtocolProvider())
                .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Protocol.COAPS).build();
        LeshanBootstrapServerBuilder builder = new LeshanBootstrapServerBuilder().setEndpointsProviders(endpoints)
                .setSecurityStore(new BootstrapSecurityStoreAdapter(security)).setConfigStore(configs);
        identity.ifPresent(id -> {
            builder.setPrivateKey(id.privateKey()).setPublicKey(id.publicKey());
            if (!id.certificateChain().isEmpty()) {
                builder.setCertificateChain(id.certificateChain().toArray(new X509Certificate[0]))
                        .setTrustedCertificates(id.trustedForNodes().toArray(new X509Certificate[0]));
            }
        });
        server = builder.build();
        server.addListener(new BootstrapSessionAdapter() {
            @Override
            public void end(BootstrapSession session) {
                finished.incrementAndGet();
            }
        });
        server.start();
    }

    public static BootstrapServerFixture start(int port, String endpoint, String identity, byte[] key) throws Exception {
        return start(port, SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key), Optional.empty());
    }

    /** A bootstrap server that lets {@code node} in, with its own identity for RPK or X.509. */
    static BootstrapServerFixture start(int port, SecurityInfo node, Optional<EmbeddedLwm2mServer.Identity> identity)
            throws Exception {
        return new BootstrapServerFixture(port, node, identity);
    }

    public URI coapsUri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    /** What the bootstrap server writes: itself again, and the device management server with a PSK. */
    public void provision(String endpoint, String bootstrapIdentity, byte[] bootstrapKey, URI dmServer, String dmIdentity,
            byte[] dmKey) throws Exception {
        BootstrapConfig.ServerSecurity bs = new BootstrapConfig.ServerSecurity();
        bs.uri = coapsUri().toString();
        bs.bootstrapServer = true;
        bs.securityMode = SecurityMode.PSK;
        bs.publicKeyOrId = bootstrapIdentity.getBytes(StandardCharsets.UTF_8);
        bs.secretKey = bootstrapKey;
        BootstrapConfig.ServerSecurity dm = new BootstrapConfig.ServerSecurity();
        dm.uri = dmServer.toString();
        dm.securityMode = SecurityMode.PSK;
        dm.publicKeyOrId = dmIdentity.getBytes(StandardCharsets.UTF_8);
        dm.secretKey = dmKey;
        provision(endpoint, bs, dm);
    }

    /** What the bootstrap server writes: its own account {@code bs} (instance 0), {@code dm}'s (instance 1, server 1). */
    void provision(String endpoint, BootstrapConfig.ServerSecurity bs, BootstrapConfig.ServerSecurity dm) throws Exception {
        BootstrapConfig config = new BootstrapConfig();
        config.toDelete = List.of("/0", "/1");
        config.security.put(0, bs);
        dm.serverId = 1;
        config.security.put(1, dm);
        BootstrapConfig.ServerConfig srv = new BootstrapConfig.ServerConfig();
        srv.shortId = 1;
        srv.lifetime = 30;
        srv.binding = EnumSet.of(BindingMode.U);
        srv.communicationRetryCount = ULong.valueOf(1);
        srv.CommunicationRetryTimer = ULong.valueOf(1);
        srv.SequenceDelayTimer = ULong.valueOf(1);
        srv.SequenceRetryCount = ULong.valueOf(2);
        srv.muteSend = false;
        config.servers.put(0, srv);
        configs.remove(endpoint);
        configs.add(endpoint, config);
    }

    @Override
    public void close() {
        server.destroy();
    }
}
