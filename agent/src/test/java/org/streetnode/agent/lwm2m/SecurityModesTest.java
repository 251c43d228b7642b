package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/** Registration over DTLS with raw public keys and with X.509 certificates, from the config. */
class SecurityModesTest {
    private static final String ENDPOINT = NodeFixture.ENDPOINT;

    @TempDir
    Path dir;

    private EmbeddedLwm2mServer server;
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startAgent(String lwm2mTable) throws Exception {
        String config = """
                [node]
                endpoint = "%s"
                board = "simulated"
                data_dir = "data"
                runtime_dir = "run"

                %s
                """.formatted(ENDPOINT, lwm2mTable);
        agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir, config)), Clock.systemUTC(), () -> { });
        agent.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> server.registration(ENDPOINT).isPresent());
        ReadResponse device = server.send(ENDPOINT, new ReadRequest(3, 0), 5000);
        assertThat(device.isSuccess()).isTrue();
        assertThat(((LwM2mObjectInstance) device.getContent()).getResource(0).getValue()).isEqualTo("streetnode");
    }

    @Test
    void registersWithRawPublicKeys() throws Exception {
        KeyPair node = TestCredentials.ecKeyPair();
        KeyPair serverKeys = TestCredentials.ecKeyPair();
        TestCredentials.writePrivateKey(dir.resolve("secrets/node.key"), node.getPrivate());
        TestCredentials.writePem(dir.resolve("node.pub"), "PUBLIC KEY", node.getPublic().getEncoded());
        TestCredentials.writePem(dir.resolve("server.pub"), "PUBLIC KEY", serverKeys.getPublic().getEncoded());
        server = EmbeddedLwm2mServer.start(0, 0, List.of(),
                Optional.of(EmbeddedLwm2mServer.Identity.rpk(serverKeys.getPrivate(), serverKeys.getPublic())))
                .allow(SecurityInfo.newRawPublicKeyInfo(ENDPOINT, node.getPublic()));

        startAgent("""
                [lwm2m]
                server_uri = "%s"
                security = "rpk"
                local_port = 0

                [lwm2m.rpk]
                private_key_file = "secrets/node.key"
                public_key_file = "node.pub"
                server_public_key_file = "server.pub"
                """.formatted(server.coapsUri()));
        // what an update pull over coaps:// authenticates with
        assertThat(agent.lwm2m().serverCredentials()).get().isInstanceOfSatisfying(ServerSecurity.Rpk.class, rpk -> assertThat(
                List.of(rpk.publicKey(), rpk.serverPublicKey())).containsExactly(node.getPublic(), serverKeys.getPublic()));
    }

    @Test
    void registersWithX509CertificatesFromOneCa() throws Exception {
        TestCredentials.Pki pki = TestCredentials.Pki.create(dir.resolve("pki"));
        TestCredentials.Issued serverCert = pki.issue("server", "localhost");
        TestCredentials.Issued nodeCert = pki.issue("node", ENDPOINT);
        TestCredentials.writePem(dir.resolve("node.crt"), "CERTIFICATE", nodeCert.certificate().getEncoded());
        TestCredentials.writePrivateKey(dir.resolve("secrets/node.key"), nodeCert.privateKey());
        TestCredentials.writePem(dir.resolve("server-ca.crt"), "CERTIFICATE", pki.ca().getEncoded());
        server = EmbeddedLwm2mServer.start(0, 0, List.of(), Optional.of(new EmbeddedLwm2mServer.Identity(
                serverCert.privateKey(), serverCert.certificate().getPublicKey(),
                List.of(serverCert.certificate(), pki.ca()), List.<X509Certificate>of(pki.ca()))))
                .allow(SecurityInfo.newX509CertInfo(ENDPOINT));

        startAgent("""
                [lwm2m]
                server_uri = "%s"
                security = "x509"
                local_port = 0

                [lwm2m.x509]
                certificate_file = "node.crt"
                private_key_file = "secrets/node.key"
                trust_file = "server-ca.crt"
                """.formatted(server.coapsUri()));
        assertThat(agent.lwm2m().serverCredentials()).get().isInstanceOfSatisfying(ServerSecurity.X509.class, x509 -> {
            assertThat(x509.certificateChain()).containsExactly(nodeCert.certificate());
            assertThat(x509.trusted()).contains(pki.ca());
        });
    }
}
