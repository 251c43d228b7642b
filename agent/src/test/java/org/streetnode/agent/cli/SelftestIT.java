package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.lifecycle.ExitCodes;

/** {@code streetnode selftest --board FILE} on the simulated board, healthy and with a wrong chip. */
class SelftestIT {
    private static final Path SIMULATED = Path.of("../config/boards/simulated.toml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theSimulatedBoardPasses() throws Exception {
        AgentProcess p = AgentProcess.run(dir, Duration.ofSeconds(60), "selftest", "--board", SIMULATED.toString());
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        assertThat(p.stdout()).contains("air (BME280)").contains("presence (PIR)")
                .containsPattern("lamp +relay and power feedback +PASS +\\d+\\.\\d W off, [5-6]\\d\\.\\d W on")
                .endsWith("PASSED: 8 checks");
    }

    @Test
    void aWrongChipIdFailsNamingTheDeviceAndTheReason() throws Exception {
        Path profile = dir.resolve("wrong-chip.toml");
        Files.writeString(profile, Files.readString(SIMULATED)
                + "\n[[simulation.fault]]\nsensor = \"air\"\nfault = \"wrong-chip-id\"\n");
        AgentProcess p = AgentProcess.run(dir, Duration.ofSeconds(60), "selftest", "--board", profile.toString(), "--json");

        assertThat(p.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(p.stdout()).contains("\"passed\" : false")
                .containsPattern("\"item\" : \"air \\(BME280\\)\",\\s+\"result\" : \"fail\",\\s+\"detail\" : \"chip id 0x[0-9A-F]{2} where 0x60 expected\"")
                .containsPattern("\"item\" : \"light \\(BH1750\\)\",\\s+\"result\" : \"pass\"");
    }
}
