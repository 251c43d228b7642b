package org.streetnode.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [lwm2m]}: the server or the bootstrap server, the local endpoint, DTLS and retry settings. */
class Lwm2mConfigTest {
    @TempDir
    Path dir;

    private static final String NODE = ConfigText.simulatedNode(TestConfigs.ENDPOINT).text() + "\n";

    private Lwm2mConfig load(String text) throws Exception {
        return ConfigLoader.load(TestConfigs.write(dir, text)).lwm2m();
    }

    private List<ConfigProblem> problems(String text) throws IOException {
        Path file = TestConfigs.write(dir, text);
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file)).problems();
    }

    @Test
    void defaultsKeepTheNodeTryingAndOfferTheStandardPort() throws Exception {
        Lwm2mConfig c = load(NODE + """
                [lwm2m]
                server_uri = "coaps://p:5684"

                [lwm2m.psk]
                identity = "node-under-test"
                key_file = "secrets/psk.hex"
                """);
        assertThat(c.bootstrap()).isEmpty();
        assertThat(c.localPort()).isEqualTo(5684);
        assertThat(c.autoHandshakeTimeout()).contains(Duration.ofMinutes(2));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.maxToolSessions()).isEqualTo(16);
        // one attempt a minute, at a random phase, probing; an hour of them before a bootstrap server is asked
        assertThat(c.retry()).isEqualTo(new Lwm2mConfig.Retry(1, Duration.ofSeconds(30), Duration.ofMinutes(1), 60, true,
                Duration.ofSeconds(10)));
    }

    @Test
    void aFactoryConfigNeedsOnlyTheBootstrapServer() throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("bs.hex"), "0102030405060708\n");
        Files.setPosixFilePermissions(dir.resolve("secrets/bs.hex"), PosixFilePermissions.fromString("rw-------"));
        Lwm2mConfig c = load(NODE + """
                [lwm2m]
                local_port = 0
                auto_handshake_timeout = "0s"
                max_tool_sessions = 3

                [lwm2m.retry]
                attempts = 3
                first_wait = "5s"
                sequence_wait = "1m"
                sequences = 2
                jitter = false
                probe_timeout = "2s"

                [lwm2m.bootstrap]
                server_uri = "coaps://bootstrap.example"

                [lwm2m.bootstrap.psk]
                identity = "node-under-test"
                key_file = "secrets/bs.hex"
                """);
        assertThat(c.server()).isEmpty();
        assertThat(c.bootstrap()).hasValueSatisfying(b -> {
            assertThat(b.uri().toString()).isEqualTo("coaps://bootstrap.example:5684");
            assertThat(b.security()).isInstanceOfSatisfying(ServerSecurity.Psk.class,
                    psk -> assertThat(psk.key().bytes()).hasSize(8));
        });
        assertThat(c.localPort()).isZero();
        assertThat(c.autoHandshakeTimeout()).isEmpty();
        assertThat(c.maxToolSessions()).isEqualTo(3);
        assertThat(c.retry()).isEqualTo(new Lwm2mConfig.Retry(3, Duration.ofSeconds(5), Duration.ofMinutes(1), 2, false,
                Duration.ofSeconds(2)));
    }

    @Test
    void withNeitherServerNorBootstrapServerSaysWhatIsMissing() throws IOException {
        assertThat(problems(NODE + "[lwm2m]\nlifetime = \"5m\"\n")).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lwm2m.server_uri");
            assertThat(p.message()).contains("[lwm2m.bootstrap]");
        });
    }

    @Test
    void theBootstrapServerFollowsTheSameRules() throws IOException {
        List<ConfigProblem> problems = problems(NODE + """
                [lwm2m]

                [lwm2m.bootstrap]
                server_uri = "coap://bootstrap.example"
                security = "nosec"
                """);
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("lwm2m.bootstrap.security");
        assertThat(problems.get(0).message()).contains("refused outside a lab");

        assertThat(problems(NODE + """
                [lwm2m]

                [lwm2m.bootstrap]
                server_uri = "coaps://bootstrap.example"

                [lwm2m.bootstrap.psk]
                identity = "node-under-test"
                key_fil = "secrets/psk.hex"
                """)).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("lwm2m.bootstrap.psk.key_file", "lwm2m.bootstrap.psk.key_fil");
    }

    @Test
    void refusesRetrySettingsOutOfRange() throws IOException {
        List<ConfigProblem> problems = problems(TestConfigs.minimal(dir, "coaps://p:5684") + """

                [lwm2m.retry]
                attempts = 0
                first_wait = "0s"
                """);
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("lwm2m.retry.attempts", "lwm2m.retry.first_wait");
    }

    @Test
    void refusesAProbeTimeoutLongerThanTheRequestTimeoutAndAJitterThatIsNoBoolean() throws IOException {
        List<ConfigProblem> problems = problems(NODE + """
                [lwm2m]
                server_uri = "coaps://p:5684"
                request_timeout = "10s"

                [lwm2m.psk]
                identity = "node-under-test"
                key_file = "secrets/psk.hex"

                [lwm2m.retry]
                probe_timeout = "20s"
                jitter = "off"
                """);
        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder("lwm2m.retry.probe_timeout",
                "lwm2m.retry.jitter");
        assertThat(problems).filteredOn(p -> p.key().endsWith("probe_timeout")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("request_timeout"));
        assertThat(problems).filteredOn(p -> p.key().endsWith("jitter")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("true or false"));
        assertThat(problems(TestConfigs.minimal(dir, "coaps://p:5684") + """

                [lwm2m.retry]
                probe_timeout = "0s"
                """)).singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("lwm2m.retry.probe_timeout");
                    assertThat(p.line()).isPositive();
                    assertThat(p.message()).contains("out of range");
                });
    }

    @Test
    void theDefaultProbeTimeoutIsCutToAShorterRequestTimeout() throws Exception {
        Lwm2mConfig c = load(NODE + """
                [lwm2m]
                server_uri = "coaps://p:5684"
                request_timeout = "2s"

                [lwm2m.psk]
                identity = "node-under-test"
                key_file = "secrets/psk.hex"
                """);
        assertThat(c.retry().probeTimeout()).isEqualTo(Duration.ofSeconds(2));
    }
}
