package org.streetnode.agent.lwm2m;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.CertificateUsage;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;
import org.streetnode.agent.config.Lwm2mConfig;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.lwm2m.model.CoreObjects;
import org.streetnode.agent.lwm2m.object.ServerObject;
import org.streetnode.agent.lwm2m.store.ServerAccountsStore.Accounts;

/**
 * The node's server accounts as LwM2M Security (0) and Server (1) object instances: built from
 * the factory configuration, or rebuilt from what a bootstrap server wrote.
 *
 * @param security the Security object's instances (Leshan's {@link Security})
 * @param servers the Server object's instances
 */
record ServerAccounts(List<Security> security, List<ServerObject> servers) {
    static final ObjectModel SECURITY_MODEL = CoreObjects.SECURITY.toModel();
    static final ObjectModel SERVER_MODEL = CoreObjects.SERVER.toModel();

    /**
     * Security instance 0 is the bootstrap server when there is one (where bootstrap servers
     * expect it), the device management server of {@code [lwm2m]} the next one; its Server
     * instance is 0.
     */
    static ServerAccounts factory(Lwm2mConfig config) {
        List<Security> security = new ArrayList<>();
        List<ServerObject> servers = new ArrayList<>();
        config.bootstrap().ifPresent(account -> {
            Security s = security(account, true, 0);
            s.setId(0);
            security.add(s);
        });
        config.server().ifPresent(account -> {
            Security s = security(account, false, config.shortServerId());
            s.setId(security.size());
            security.add(s);
            servers.add(new ServerObject(0, config.shortServerId(), config.lifetime(), config.retry()));
        });
        security.forEach(s -> s.setModel(SECURITY_MODEL));
        servers.forEach(s -> s.setModel(SERVER_MODEL));
        return new ServerAccounts(security, servers);
    }

    /** The accounts a bootstrap server left, as the store kept them. */
    static ServerAccounts restore(Accounts kept, Lwm2mConfig.Retry defaults) {
        List<Security> security = new ArrayList<>();
        for (LwM2mObjectInstance i : kept.security().getInstances().values()) {
            Security s = new Security();
            s.setId(i.getId());
            s.setModel(SECURITY_MODEL);
            s.write(LwM2mServer.SYSTEM, true, i);
            security.add(s);
        }
        List<ServerObject> servers = new ArrayList<>();
        for (LwM2mObjectInstance i : kept.server().getInstances().values()) {
            ServerObject s = new ServerObject(defaults);
            s.setId(i.getId());
            s.setModel(SERVER_MODEL);
            s.write(LwM2mServer.SYSTEM, true, i);
            servers.add(s);
        }
        return new ServerAccounts(security, servers);
    }

    /** Both objects as the client reads them for itself (secrets included), for the store. */
    Accounts read() {
        return new Accounts(read(0, security), read(1, servers));
    }

    static LwM2mObject read(int objectId, List<? extends LwM2mInstanceEnabler> instances) {
        List<LwM2mObjectInstance> read = new ArrayList<>();
        for (LwM2mInstanceEnabler i : instances) {
            read.add((LwM2mObjectInstance) i.read(LwM2mServer.SYSTEM).getContent());
        }
        return new LwM2mObject(objectId, read);
    }

    private static Security security(Lwm2mConfig.ServerAccount account, boolean bootstrap, int shortServerId) {
        String uri = account.uri().toString();
        Integer serverId = bootstrap ? null : shortServerId;
        ULong domainIssuer = CertificateUsage.DOMAIN_ISSUER_CERTIFICATE.code;
        return switch (account.security()) {
            case ServerSecurity.Psk psk -> new Security(uri, bootstrap, SecurityMode.PSK.code,
                    psk.identity().getBytes(StandardCharsets.UTF_8), new byte[0], psk.key().bytes(), serverId, null,
                    domainIssuer, new ObjectLink());
            case ServerSecurity.Rpk rpk -> new Security(uri, bootstrap, SecurityMode.RPK.code,
                    rpk.publicKey().getEncoded(), rpk.serverPublicKey().getEncoded(), rpk.privateKey().getEncoded(),
                    serverId, null, domainIssuer, new ObjectLink());
            case ServerSecurity.X509 x509 -> x509(uri, bootstrap, serverId, x509);
            case ServerSecurity.NoSec noSec -> new Security(uri, bootstrap, SecurityMode.NO_SEC.code, new byte[0],
                    new byte[0], new byte[0], serverId, null, domainIssuer, new ObjectLink());
        };
    }

    /**
     * The node's certificate and key, and the certificate it trusts for the server: the server's
     * own (certificate usage 3, domain-issued certificate) or, when the trust file holds a CA,
     * that CA (usage 2, trust anchor assertion).
     */
    private static Security x509(String uri, boolean bootstrap, Integer serverId, ServerSecurity.X509 x509) {
        X509Certificate trusted = x509.trusted().get(0);
        CertificateUsage usage = trusted.getBasicConstraints() >= 0 ? CertificateUsage.TRUST_ANCHOR_ASSERTION
                : CertificateUsage.DOMAIN_ISSUER_CERTIFICATE;
        try {
            return new Security(uri, bootstrap, SecurityMode.X509.code, x509.certificateChain().get(0).getEncoded(),
                    trusted.getEncoded(), x509.privateKey().getEncoded(), serverId, null, usage.code, new ObjectLink());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate of the configuration", e);
        }
    }
}
