package org.streetnode.agent.lwm2m;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
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

/**
 * A Leshan bootstrap server on loopback (DTLS-PSK) that hands one node the account of a device
 * management server: Security instance 0 stays the bootstrap account, instance 1 and Server
 * instance 0 are the device management server's, with short retry settings.
 */
final class BootstrapServerFixture implements AutoCloseable {
    final LeshanBootstrapServer server;
    final InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
    final AtomicInteger finished = new AtomicInteger();

    private BootstrapServerFixture(int port, String endpoint, String identity, byte[] key) throws Exception {
        InMemorySecurityStore security = new InMemorySecurityStore();
        security.add(SecurityInfo.newPreSharedKeyInfo(endpoint, identity, key));
        CaliforniumBootstrapServerEndpointsProvider endpoints = new CaliforniumBootstrapServerEndpointsProvider.Builder(
                new CoapsBootstrapServerProtocolProvider())
                .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Protocol.COAPS).build();
        server = new LeshanBootstrapServerBuilder().setEndpointsProviders(endpoints)
                .setSecurityStore(new BootstrapSecurityStoreAdapter(security)).setConfigStore(configs).build();
        server.addListener(new BootstrapSessionAdapter() {
            @Override
            public void end(BootstrapSession session) {
                finished.incrementAndGet();
            }
        });
        server.start();
    }

    static BootstrapServerFixture start(int port, String endpoint, String identity, byte[] key) throws Exception {
        return new BootstrapServerFixture(port, endpoint, identity, key);
    }

    URI coapsUri() {
        return server.getEndpoint(Protocol.COAPS).getURI();
    }

    /** What the bootstrap server writes: itself again, and the device management server with a PSK. */
    void provision(String endpoint, String bootstrapIdentity, byte[] bootstrapKey, URI dmServer, String dmIdentity,
            byte[] dmKey) throws Exception {
        BootstrapConfig config = new BootstrapConfig();
        config.toDelete = List.of("/0", "/1");
        BootstrapConfig.ServerSecurity bs = new BootstrapConfig.ServerSecurity();
        bs.uri = coapsUri().toString();
        bs.bootstrapServer = true;
        bs.securityMode = SecurityMode.PSK;
        bs.publicKeyOrId = bootstrapIdentity.getBytes(StandardCharsets.UTF_8);
        bs.secretKey = bootstrapKey;
        config.security.put(0, bs);
        BootstrapConfig.ServerSecurity dm = new BootstrapConfig.ServerSecurity();
        dm.uri = dmServer.toString();
        dm.securityMode = SecurityMode.PSK;
        dm.publicKeyOrId = dmIdentity.getBytes(StandardCharsets.UTF_8);
        dm.secretKey = dmKey;
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
