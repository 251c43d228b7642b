package org.streetnode.agent.lwm2m;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.core.CertificateUsage;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/**
 * One DTLS security mode end to end, made for a test run in {@code dir}: the node's credentials
 * (files of mode 0600 where secret) and the config table naming them, each server's own identity,
 * what a server must know to let the node in, and the account a bootstrap server writes for a
 * server in that mode. The node uses one identity for every server (as provisioning makes it);
 * each server has its own.
 */
final class ModeCredentials {
    /** The security modes a node may use; NoSec only in a lab, so not here. */
    enum Mode { PSK, RPK, X509 }

    /** A server's DTLS identity (none of its own for PSK) and the file the node trusts it by. */
    record Server(String name, Optional<EmbeddedLwm2mServer.Identity> identity, Optional<Path> trustFile) {
    }

    static final String ENDPOINT = NodeFixture.ENDPOINT;
    private static final byte[] PSK = HexFormat.of().parseHex(TestConfigs.PSK_HEX);

    final Mode mode;
    private final Path dir;
    private final KeyPair nodeKeys;
    private final TestCredentials.Pki pki;
    private final TestCredentials.Issued nodeCertificate;

    private ModeCredentials(Mode mode, Path dir, KeyPair nodeKeys, TestCredentials.Pki pki,
            TestCredentials.Issued nodeCertificate) {
        this.mode = mode;
        this.dir = dir;
        this.nodeKeys = nodeKeys;
        this.pki = pki;
        this.nodeCertificate = nodeCertificate;
    }

    /** The node's credentials in {@code mode}, written into {@code dir}. */
    static ModeCredentials create(Mode mode, Path dir) throws Exception {
        return switch (mode) {
            case PSK -> {
                TestConfigs.writePsk(dir, TestConfigs.PSK_HEX);
                yield new ModeCredentials(mode, dir, null, null, null);
            }
            case RPK -> {
                KeyPair keys = TestCredentials.ecKeyPair();
                TestCredentials.writePrivateKey(dir.resolve("secrets/node.key"), keys.getPrivate());
                TestCredentials.writePem(dir.resolve("node.pub"), "PUBLIC KEY", keys.getPublic().getEncoded());
                yield new ModeCredentials(mode, dir, keys, null, null);
            }
            case X509 -> {
                TestCredentials.Pki pki = TestCredentials.Pki.create(dir.resolve("pki"));
                TestCredentials.Issued node = pki.issue("node", ENDPOINT);
                TestCredentials.writePem(dir.resolve("node.crt"), "CERTIFICATE", node.certificate().getEncoded());
                TestCredentials.writePrivateKey(dir.resolve("secrets/node.key"), node.privateKey());
                TestCredentials.writePem(dir.resolve("server-ca.crt"), "CERTIFICATE", pki.ca().getEncoded());
                yield new ModeCredentials(mode, dir, null, pki, node);
            }
        };
    }

    /** A server's own identity in this mode. */
    Server server(String name) throws Exception {
        return switch (mode) {
            case PSK -> new Server(name, Optional.empty(), Optional.empty());
            case RPK -> {
                KeyPair keys = TestCredentials.ecKeyPair();
                Path pub = TestCredentials.writePem(dir.resolve(name + ".pub"), "PUBLIC KEY", keys.getPublic().getEncoded());
                yield new Server(name, Optional.of(EmbeddedLwm2mServer.Identity.rpk(keys.getPrivate(), keys.getPublic())),
                        Optional.of(pub));
            }
            case X509 -> {
                TestCredentials.Issued cert = pki.issue(name, "localhost");
                yield new Server(name, Optional.of(new EmbeddedLwm2mServer.Identity(cert.privateKey(),
                        cert.certificate().getPublicKey(), List.of(cert.certificate(), pki.ca()),
                        List.<X509Certificate>of(pki.ca()))), Optional.of(dir.resolve("server-ca.crt")));
            }
        };
    }

    /** What a server must know to let the node in. */
    SecurityInfo nodeInfo() {
        return switch (mode) {
            case PSK -> SecurityInfo.newPreSharedKeyInfo(ENDPOINT, ENDPOINT, PSK);
            case RPK -> SecurityInfo.newRawPublicKeyInfo(ENDPOINT, nodeKeys.getPublic());
            case X509 -> SecurityInfo.newX509CertInfo(ENDPOINT);
        };
    }

    /**
     * Sets the account at {@code table} ({@code lwm2m} or {@code lwm2m.bootstrap}) on
     * {@code config}: its URI, mode and credentials table.
     */
    ConfigText account(ConfigText config, String table, URI uri, Server server) {
        return switch (mode) {
            case PSK -> config.pskAccount(table, uri, ENDPOINT);
            case RPK -> config.set(table, "server_uri", uri.toString()).set(table, "security", "rpk")
                    .set(table + ".rpk", "private_key_file", "secrets/node.key")
                    .set(table + ".rpk", "public_key_file", "node.pub")
                    .set(table + ".rpk", "server_public_key_file", server.trustFile().orElseThrow().getFileName().toString());
            case X509 -> config.set(table, "server_uri", uri.toString()).set(table, "security", "x509")
                    .set(table + ".x509", "certificate_file", "node.crt")
                    .set(table + ".x509", "private_key_file", "secrets/node.key")
                    .set(table + ".x509", "trust_file", server.trustFile().orElseThrow().getFileName().toString());
        };
    }

    /** The Security instance a bootstrap server writes for {@code server} at {@code uri}. */
    BootstrapConfig.ServerSecurity bootstrapAccount(URI uri, Server server, boolean bootstrapServer) {
        BootstrapConfig.ServerSecurity s = new BootstrapConfig.ServerSecurity();
        s.uri = uri.toString();
        s.bootstrapServer = bootstrapServer;
        switch (mode) {
            case PSK -> {
                s.securityMode = SecurityMode.PSK;
                s.publicKeyOrId = ENDPOINT.getBytes(StandardCharsets.UTF_8);
                s.secretKey = PSK;
            }
            case RPK -> {
                s.securityMode = SecurityMode.RPK;
                s.publicKeyOrId = nodeKeys.getPublic().getEncoded();
                s.secretKey = nodeKeys.getPrivate().getEncoded();
                s.serverPublicKey = server.identity().orElseThrow().publicKey().getEncoded();
            }
            case X509 -> {
                s.securityMode = SecurityMode.X509;
                s.publicKeyOrId = encoded(nodeCertificate.certificate());
                s.secretKey = nodeCertificate.privateKey().getEncoded();
                // the server's own certificate, pinned (certificate usage 3, "domain-issued certificate")
                s.serverPublicKey = encoded(server.identity().orElseThrow().certificateChain().get(0));
                s.certificateUsage = CertificateUsage.DOMAIN_ISSUER_CERTIFICATE;
            }
        }
        return s;
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
