package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.supervision.NotifyReceiver;

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

    @Test
    void theLevelsOfPackagesAreSetInTheConfigFile() throws Exception {
        Path config = TestConfigs.write(dir, TestConfigs.node(dir, "coaps://127.0.0.1:9")
                .set("logging.levels", "org.streetnode.agent.lighting", "warn"));
        AgentProcess agent = AgentProcess.run(dir, Duration.ofSeconds(60), "run", "--config", config.toString(), "--for", "3s");
        assertThat(agent.exitCode()).as(agent.stderr()).isZero();
        assertThat(agent.stderr()).contains("running: endpoint node-under-test")
                .as("lighting's info lines are held back").doesNotContain("LightingService").doesNotContain("LightingEngine");
    }

    @Test
    void underSystemdItSaysReadyFeedsTheWatchdogAndSaysStopping() throws Exception {
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of());
                NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify"))) {
            Path config = TestConfigs.write(dir, TestConfigs.minimal(dir, server.coapsUri().toString()));
            // systemd sets these for a Type=notify unit with WatchdogSec=3s
            Map<String, String> env = Map.of("NOTIFY_SOCKET", systemd.path().toString(), "WATCHDOG_USEC", "3000000");
            try (AgentProcess agent = AgentProcess.start(dir, env, List.of(), "run", "--config", config.toString())) {
                systemd.await("READY=1\nSTATUS=running: endpoint node-under-test", Duration.ofSeconds(30));
                // checked every second: pings while lighting and sampling progress
                await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().stream().filter("WATCHDOG=1"::equals).count() >= 3);
                assertThat(systemd.messages()).noneMatch(m -> m.startsWith("STATUS=stalled"));
                agent.signal("TERM");
                assertThat(agent.waitForExit(Duration.ofSeconds(5))).isZero();
                assertThat(systemd.messages()).last().isEqualTo("STOPPING=1");
            }
        }
    }
}
