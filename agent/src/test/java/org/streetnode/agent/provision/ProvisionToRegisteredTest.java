package org.streetnode.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.selftest.ProvisioningSelfTest;

/**
 * From a node as the package leaves it to registered, against a real Leshan server: provision
 * writes the config and a new key, the test onboards the node on the server as a platform
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
}
