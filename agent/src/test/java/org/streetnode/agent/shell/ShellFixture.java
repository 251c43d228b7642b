package org.streetnode.agent.shell;

import java.nio.file.Path;
import java.time.Clock;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.logging.RecentLog;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.network.NetworkProbe;
import org.streetnode.agent.reading.ReadingBus;

/**
 * A shell service composed as the agent composes it, with a recording lamp and a reading bus the
 * test publishes to, on a socket in a temporary directory.
 */
public final class ShellFixture implements AutoCloseable {
    public final StreetnodeConfig config;
    public final RecordingLampControl lamp;
    public final ReadingBus readings = new ReadingBus();
    public final Health health;
    public final ShellService service;
    /** The shell's log ring, fed by the test's log while the fixture lives. */
    public final RecentLog log;

    /**
     * Unless a test says otherwise, the test's own primary group is both the maintenance and the
     * operator group: as root the tests would pass anyway, as an ordinary user (a newcomer's
     * machine, CI without root) the caller must be in the groups to be let in.
     */
    private static String ownGroups(String shellTable) {
        if (shellTable.contains("_group")) {
            return "";
        }
        return TestConfigs.ownGroups();
    }

    public ShellFixture(Path dir, Clock clock, String shellTable) throws Exception {
        config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:5699") + "\n[shell]\n"
                + ownGroups(shellTable) + shellTable));
        lamp = new RecordingLampControl(clock);
        health = new Health(clock);
        log = new RecentLog(config.shell().logLines());
        Logging.attach(log);
        service = ShellService.builder(config, clock, AgentVersion.get(),
                        BoardIdentity.of(config.board(), config.node().endpoint()), health,
                        () -> RegistrationStatus.stopped("coaps://127.0.0.1:5699"))
                .lamp(lamp)
                .log(log)
                .readings(readings)
                .topic(Topic.NET, new NetworkDiagnostics(new NetworkProbe()))
                .build();
        java.nio.file.Files.createDirectories(config.node().runtimeDir());
        service.start();
    }

    public Path socket() {
        return config.shell().socket();
    }

    @Override
    public void close() throws Exception {
        service.stop();
        Logging.detach(log);
    }
}
