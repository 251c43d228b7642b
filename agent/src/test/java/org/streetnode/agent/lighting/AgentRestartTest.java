package org.streetnode.agent.lighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
import org.streetnode.drivers.sim.ManualClock;

/**
 * The lamp fail-safe contract across a restart of the whole agent: stopped at 23:30, started
 * again, the lamp is at the stored program's 23:30 level within a second of start, with no
 * platform at all (the configured server does not exist).
 */
class AgentRestartTest {
    @TempDir
    Path dir;

    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
    }

    @Test
    void stoppedAt2330AndStartedAgainTheLampIsAtTheProgramsLevelWithinASecond() throws Exception {
        StreetnodeConfig config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:9")));
        ManualClock clock = new ManualClock(ServiceRig.local("2025-12-21T23:20:00"));

        agent = Agent.create(config, clock, () -> { });
        agent.start();
        LightingControl lighting = agent.lighting().orElseThrow();
        // the platform's program for this node: 30 % from 23:00 (the config's default says 40 %)
        lighting.setProgram("dusk+10m 100, 23:00 30, 05:30 100, dawn-10m off", "server 1");
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> {
            clock.advance(Duration.ofMillis(50));
            return lighting.status().level() == 30;
        });
        clock.set(ServiceRig.local("2025-12-21T23:30:00"));
        agent.stop();
        agent = null;

        clock.advance(Duration.ofSeconds(5)); // the time a restart takes
        Agent restarted = Agent.create(config, clock, () -> { });
        AtomicLong atLevel = new AtomicLong();
        restarted.lighting().orElseThrow().onChange(s -> {
            if (s.level() == 30) {
                atLevel.compareAndSet(0, System.nanoTime());
            }
        });
        long start = System.nanoTime();
        restarted.start();
        agent = restarted;

        assertThat(atLevel.get()).as("the lamp reached 30 %").isPositive();
        assertThat(Duration.ofNanos(atLevel.get() - start)).isLessThan(Duration.ofSeconds(1));
        EmulatedBoardIo io = restarted.board().simulation().orElseThrow().emulatedIo();
        assertThat(io.pwmOutput(0, 0).orElseThrow().dutyCycle())
                .isCloseTo(restarted.board().lamp().orElseThrow().dimmer().dutyFor(30), within(0.1));
        assertThat(restarted.board().lamp().orElseThrow().on()).isTrue();
        assertThat(restarted.registration().registered()).isFalse();
        assertThat(restarted.lighting().orElseThrow().status().reason()).isEqualTo("program (23:00 30)");
    }
}
