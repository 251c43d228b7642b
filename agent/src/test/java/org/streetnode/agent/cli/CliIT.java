package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lifecycle.ExitCodes;

/** The packaged jar's short commands, each as its own process through the launcher. */
class CliIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void versionPrintsTheAgentAndJavaVersions() throws Exception {
        AgentProcess p = AgentProcess.run(dir, LIMIT, "version");
        assertThat(p.exitCode()).isZero();
        assertThat(p.stdout()).startsWith("streetnode " + AgentVersion.get() + "\njava ");
    }

    @Test
    void configCheckPrintsOkAndTheEffectiveConfigWithoutSecrets() throws Exception {
        Path file = TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://platform.example:5684"));
        AgentProcess p = AgentProcess.run(dir, LIMIT, "config", "check", file.toString());

        assertThat(p.exitCode()).isZero();
        assertThat(p.stdout()).startsWith("OK: " + file)
                .contains("endpoint = \"node-under-test\"", "lifetime = \"5m\"", "# secret: 16 bytes, private file",
                        "# board profile builtin:boards/simulated.toml", "[[sensor]]")
                .doesNotContainIgnoringCase(TestConfigs.PSK_HEX);
    }

    @Test
    void configCheckListsEveryProblemWithFileLineAndKey() throws Exception {
        String text = TestConfigs.node(dir, "coaps://platform.example:5684")
                .set("lwm2m", "security", "psk-please").set("lwm2m", "lifetime", 300).text();
        Path file = TestConfigs.write(dir, text);
        AgentProcess p = AgentProcess.run(dir, LIMIT, "config", "check", file.toString());

        assertThat(p.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(p.stderr()).startsWith("INVALID: 2 problems in " + file)
                .contains(file + ":" + TestConfigs.lineOf(text, "security = \"psk-please\"")
                        + ": lwm2m.security: expected one of \"psk\", \"rpk\", \"x509\", \"nosec\"")
                .contains(file + ":" + TestConfigs.lineOf(text, "lifetime = 300") + ": lwm2m.lifetime: expected a duration");
        assertThat(p.stdout()).isEmpty();
    }

    @Test
    void aWrongCommandLineExitsWithTheUsageCode() throws Exception {
        AgentProcess p = AgentProcess.run(dir, LIMIT, "fly");
        assertThat(p.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(p.stderr()).contains("Unmatched argument").contains("fly");
    }

    @Test
    void runRefusesAnInvalidConfigBeforeTouchingAnything() throws Exception {
        Path file = TestConfigs.write(dir, TestConfigs.minimal(dir, "coap://platform.example"));
        AgentProcess p = AgentProcess.run(dir, LIMIT, "run", "--config", file.toString());

        assertThat(p.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(p.stderr()).contains("invalid configuration").contains("lwm2m.server_uri");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
