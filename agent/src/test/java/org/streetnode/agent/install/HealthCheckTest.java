package org.streetnode.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the helper judges a new version from the agent's own answers to {@code status}. */
class HealthCheckTest {
    private static final long S = 1_000_000_000L;

    private static HealthCheck.Sample sample(long atSeconds, String version, String started, String state, long lighting,
            long sampling) throws Exception {
        String json = """
                {"version":"%s","startedAt":"%s","registration":{"state":"%s","lastError":null},
                 "loops":{"lighting":%d,"sampling":%d}}""".formatted(version, started, state, lighting, sampling);
        return HealthCheck.Sample.of(atSeconds * S, new ObjectMapper().readTree(json));
    }

    @Test
    void twoAnswersOfOneRunTenSecondsApartRegisteredWithEveryLoopProgressingProveIt() throws Exception {
        var first = sample(0, "0.2.0", "t0", "REGISTERED", 100, 10);
        assertThat(HealthCheck.lacking("0.2.0", Optional.empty(), first)).isPresent();
        assertThat(HealthCheck.lacking("0.2.0", Optional.of(first), sample(4, "0.2.0", "t0", "REGISTERED", 120, 14)))
                .as("too soon to judge the loops").isPresent();
        assertThat(HealthCheck.lacking("0.2.0", Optional.of(first), sample(10, "0.2.0", "t0", "REGISTERED", 400, 20))).isEmpty();
    }

    @Test
    void theOldVersionStillRunningIsNotTheNewOne() throws Exception {
        assertThat(HealthCheck.lacking("0.2.0", Optional.empty(), sample(0, "0.1.0", "t0", "REGISTERED", 1, 1)))
                .hasValueSatisfying(r -> assertThat(r).contains("runs 0.1.0, not 0.2.0"));
    }

    @Test
    void aVersionThatNeverRegistersIsNotProven() throws Exception {
        var first = sample(0, "0.2.0", "t0", "RETRYING", 100, 10);
        assertThat(HealthCheck.lacking("0.2.0", Optional.of(first), sample(30, "0.2.0", "t0", "RETRYING", 900, 40)))
                .hasValueSatisfying(r -> assertThat(r).contains("not registered").contains("retrying"));
    }

    @Test
    void aStalledLightingLoopIsNotProven() throws Exception {
        var first = sample(0, "0.2.0", "t0", "REGISTERED", 100, 10);
        assertThat(HealthCheck.lacking("0.2.0", Optional.of(first), sample(12, "0.2.0", "t0", "REGISTERED", 100, 22)))
                .hasValueSatisfying(r -> assertThat(r).contains("the lighting loop made no progress in 12 s"));
    }

    @Test
    void answersFromTwoRunsOfACrashLoopingAgentProveNothing() throws Exception {
        var first = sample(0, "0.2.0", "t0", "REGISTERED", 100, 10);
        assertThat(HealthCheck.lacking("0.2.0", Optional.of(first), sample(20, "0.2.0", "t1", "REGISTERED", 300, 30)))
                .isPresent();
    }

    @Test
    void anAgentThatReportsNoLoopsIsNotProven() throws Exception {
        var s = HealthCheck.Sample.of(0, new ObjectMapper().readTree(
                "{\"version\":\"0.2.0\",\"startedAt\":\"t0\",\"registration\":{\"state\":\"REGISTERED\"}}"));
        assertThat(s.loops()).isEqualTo(Map.of());
        assertThat(HealthCheck.lacking("0.2.0", Optional.empty(), s)).hasValueSatisfying(r -> assertThat(r).contains("no loops"));
    }
}
