package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/** {@code streetnode run} as systemd runs it: a separate process against a real LwM2M server. */
class RunIT {
    @TempDir
    Path dir;

    @Test
    void runsRegistersAndStopsCleanlyOnSigtermWithinFiveSeconds() throws Exception {
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of())
                .allowPsk("node-under-test", "node-under-test", HexFormat.of().parseHex(TestConfigs.PSK_HEX))) {
            Path config = TestConfigs.write(dir, TestConfigs.minimal(dir, server.coapsUri().toString()));
            try (AgentProcess agent = AgentProcess.start(dir, "run", "--config", config.toString())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> server.registration("node-under-test").isPresent());

                // A second agent on the same data directory is refused and leaves the first alone.
                AgentProcess second = AgentProcess.run(dir, Duration.ofSeconds(30), "run", "--config", config.toString());
                assertThat(second.exitCode()).isEqualTo(ExitCodes.ALREADY_RUNNING);
                assertThat(second.stderr()).contains("another streetnode agent (pid " + agent.pid() + ")");

                long start = System.nanoTime();
                agent.signal("TERM");
                assertThat(agent.waitForExit(Duration.ofSeconds(5))).isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(agent.stderr()).contains("running: endpoint node-under-test").contains("SIGTERM received")
                        .endsWith("stopped");
                // it deregistered on the way out
                await().atMost(Duration.ofSeconds(2)).until(() -> server.registration("node-under-test").isEmpty());
            }
        }
    }
}
