package org.streetnode.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsPutTheSocketInTheRuntimeDirectory() throws Exception {
        // an empty [shell]: every key takes its default
        ShellConfig shell = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:5684")
                + "\n[shell]\n")).shell();
        assertThat(shell.socket()).isEqualTo(dir.resolve("run").resolve("shell.sock"));
        assertThat(shell.maintenanceGroup()).isEqualTo("streetnode-maintenance");
        assertThat(shell.operatorGroup()).isEqualTo("streetnode-operators");
        assertThat(shell.maxClients()).isEqualTo(8);
        assertThat(shell.maxRequestBytes()).isEqualTo(4096);
        assertThat(shell.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shell.logLines()).isEqualTo(500);
        assertThat(shell.maxLampOverride()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void readsEveryKeyAndAcceptsNumericGids() throws Exception {
        ShellConfig shell = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:5684") + """
                [shell]
                socket = "sock/admin.sock"
                maintenance_group = "4601"
                operator_group = "lamp-ops"
                max_clients = 2
                max_request = "1KB"
                request_timeout = "500ms"
                log_lines = 50
                max_lamp_override = "30m"
                """)).shell();
        assertThat(shell.socket()).isEqualTo(dir.resolve("sock/admin.sock"));
        assertThat(shell.maintenanceGroup()).isEqualTo("4601");
        assertThat(shell.operatorGroup()).isEqualTo("lamp-ops");
        assertThat(shell.maxClients()).isEqualTo(2);
        assertThat(shell.maxRequestBytes()).isEqualTo(1024);
        assertThat(shell.requestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(shell.logLines()).isEqualTo(50);
        assertThat(shell.maxLampOverride()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void badValuesAreLocatedProblems() throws Exception {
        Path file = TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:5684") + """
                [shell]
                socket = "%s"
                maintenance_group = "Crew Members"
                max_clients = 0
                max_lamp_override = "2d"
                """.formatted("/tmp/" + "x".repeat(120) + ".sock"));
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                        "shell.socket", "shell.maintenance_group", "shell.max_clients", "shell.max_lamp_override"));
    }
}
