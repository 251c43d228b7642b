package org.streetnode.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.selftest.ProvisioningSelfTest;

/**
 * From a node as the package leaves it to registered, against a real Leshan server, with PSK and
 * with RPK: provision writes the config and a new key, the test onboards the node on the server as a platform
 * operator would from the displayed data, the self-test registers with a short-lived client,
 * the service (an agent from the written config) starts, and provision follows it to registered.
 */
class ProvisionToRegisteredTest {
    @TempDir
    Path dir;

    @Test
    void pskFromProvisionToRegistered() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of());
                InProcessService service = new InProcessService(f.config)) {
            Map<String, String> flags = Map.of("--board", "simulated", "--endpoint", "pole-17",
                    "--server", server.coapsUri().toString(), "--latitude", "50.93", "--longitude", "11.59");
            Provisioner.Outcome outcome = new Provisioner(f.settings(service, true, true,
                    o -> server.allowPsk(o.endpoint(), o.pskIdentity().orElseThrow(), HexFormat.of().parseHex(o.pskKeyHex().orElseThrow())),
                    ProvisionCommit.Interruption.NONE, false), f.flags(flags)).run();

            assertThat(outcome).as(f.out()).isEqualTo(Provisioner.Outcome.REGISTERED);
            assertThat(f.out()).contains("PASSED:").contains("Starting the service").containsPattern("registered with coaps://127.0.0.1:\\d+ as \\S+");
            assertThat(server.registration("pole-17")).isPresent();
            assertThat(service.calls).containsExactly("start");
            assertThat(dir.resolve("data").resolve(ProvisioningSelfTest.JSON_FILE)).content().contains("\"passed\" : true");
            assertThat(Files.readString(f.config)).contains("endpoint = \"pole-17\"");
        }
    }

    @Test
    void rpkFromProvisionToRegistered() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair platform = generator.generateKeyPair();
        Path platformKey = dir.resolve("platform.pub"); // handed to the technician by the platform team
        Files.writeString(platformKey, Pem.encode("PUBLIC KEY", platform.getPublic().getEncoded()));
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(0, 0, List.of(),
                Optional.of(EmbeddedLwm2mServer.Identity.rpk(platform.getPrivate(), platform.getPublic())));
                InProcessService service = new InProcessService(f.config)) {
            Map<String, String> flags = Map.of("--board", "simulated", "--endpoint", "pole-18",
                    "--server", server.coapsUri().toString(), "--security", "rpk",
                    "--server-public-key", platformKey.toString(), "--latitude", "50.93", "--longitude", "11.59");
            // the platform operator onboards the node from the public key provision displayed
            Consumer<Onboarding> onboard = o -> server.allow(SecurityInfo.newRawPublicKeyInfo(o.endpoint(),
                    publicKey(o.publicKey().orElseThrow())));
            Provisioner.Outcome outcome = new Provisioner(f.settings(service, true, true, onboard,
                    ProvisionCommit.Interruption.NONE, false), f.flags(flags)).run();

            assertThat(outcome).as(f.out()).isEqualTo(Provisioner.Outcome.REGISTERED);
            assertThat(f.out()).contains("PASSED:").containsPattern("registered with coaps://127.0.0.1:\\d+ as \\S+");
            assertThat(server.registration("pole-18")).isPresent();
            assertThat(Files.readString(f.config)).contains("security = \"rpk\"");
        }
    }

    private static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the displayed public key does not parse", e);
        }
    }
}
