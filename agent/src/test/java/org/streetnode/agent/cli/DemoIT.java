package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streetnode demo} as the README runs it: registers with its embedded server, shows
 * simulated readings, exits 0 on Ctrl-C and leaves nothing behind.
 */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demoRegistersShowsTheNodeAndExitsZeroOnSigint() throws Exception {
        try (AgentProcess demo = AgentProcess.start(dir, "demo")) {
            String registered = demo.awaitLine(l -> l.contains("registered with coaps://127.0.0.1:"), Duration.ofSeconds(30));
            assertThat(registered).matches("\\[\\d\\d:\\d\\d:\\d\\d] registered with coaps://127\\.0\\.0\\.1:\\d+ as .+");
            demo.awaitLine(l -> l.contains("platform read /3/0: streetnode streetnode simulated board"), Duration.ofSeconds(10));
            // a status line with simulated readings from every sensor, and the lamp
            String status = demo.awaitLine(l -> l.contains("| light ") && l.contains(" lx"), Duration.ofSeconds(15));
            assertThat(status).containsPattern("air -?\\d+(\\.\\d)? Cel \\d+(\\.\\d)? %RH \\d+ hPa")
                    .contains("| pm ").contains("| noise ").contains("| lamp ").contains("| registered |").endsWith("| faults 0");
            // the buffer delivers the readings to the platform by LwM2M Send
            demo.awaitLine(l -> l.matches(".*platform got [1-9]\\d* readings by Send.*"), Duration.ofSeconds(20));
            String workDir = demo.awaitLine(l -> l.startsWith("working in "), Duration.ofSeconds(1))
                    .replaceFirst("working in (\\S+);.*", "$1");
            assertThat(Path.of(workDir)).isDirectory();

            demo.signal("INT");
            assertThat(demo.waitForExit(Duration.ofSeconds(5))).isZero();
            assertThat(demo.stdout()).endsWith("demo stopped");
            assertThat(Files.exists(Path.of(workDir))).as("the demo's temporary directory is removed").isFalse();
        }
    }
}
