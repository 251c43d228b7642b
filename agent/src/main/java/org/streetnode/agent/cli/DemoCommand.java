package org.streetnode.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.LoggingConfig;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.demo.DemoSetup;
import org.streetnode.agent.demo.DemoTime;
import org.streetnode.agent.demo.DemoView;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.time.AgentClocks;
import org.streetnode.agent.time.ScaledClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the agent on the simulated board against an embedded LwM2M server on loopback "
                + "(DTLS with a freshly generated PSK), in a temporary directory, and show it working.",
                "The node runs on a fast clock from shortly before tonight's switch-on, so the lamp's night "
                        + "(switch-on, presence boosts, dimming, switch-off) passes in about ten minutes.",
                "Stop with Ctrl-C. Nothing is left behind."},
        footer = {"", ExitCodes.HELP})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--at", paramLabel = "TIME", description = {"start the demo's clock at TIME in the node's time zone:"
            + " HH:MM tonight (before noon: the morning after), or a date and time such as 2025-12-21T16:00;"
            + " default: 10 min before tonight's switch-on"})
    String at;

    @Option(names = "--speed", paramLabel = "N", description = {"run the demo's clock N times faster than real time,"
            + " from 1 (real time) to " + DemoTime.MAX_SPEED + "; default: so that the night passes in about 10 minutes"})
    String speed;

    @Option(names = "--for", paramLabel = "DURATION", description = "stop by itself after this long (e.g. 30s); default: until Ctrl-C")
    String runFor;

    @Option(names = {"-v", "--verbose"}, description = "also show the agent's log (info level) on stderr")
    boolean verbose;

    @Override
    public Integer call() throws IOException, ConfigException {
        Duration limit = runFor == null ? Duration.ofDays(365_000)
                : org.streetnode.agent.units.Units.parseDuration(runFor)
                        .orElseThrow(() -> new ParameterException(spec.commandLine(),
                                "--for: not a duration: " + runFor + " (write it as 30s, 5m, ...)"));
        DemoTime.Choice time;
        try {
            time = DemoTime.Choice.parse(Optional.ofNullable(at), Optional.ofNullable(speed));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Logging.configure(LoggingConfig.console(verbose ? LoggingConfig.Level.INFO : LoggingConfig.Level.WARN));
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("streetnode-demo-");
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of())) {
            DemoSetup setup = DemoSetup.create(dir, server.coapsUri().toString());
            server.allowPsk(setup.endpoint(), setup.identity(), setup.key());

            AgentRunner runner = new AgentRunner();
            runner.handleSignals();
            StreetnodeConfig config = ConfigLoader.load(setup.configFile());
            DemoTime demoTime = time.resolve(config, Instant.now());
            // The node runs on the demo's fast clock; the uplink keeps real time (see AgentClocks).
            ScaledClock clock = ScaledClock.startingAt(demoTime.start(), demoTime.speed());
            Agent agent = Agent.create(config, new AgentClocks(clock, Clock.systemUTC()), runner.restartRequest());
            out.println("streetnode " + AgentVersion.get() + " demo: simulated board, embedded LwM2M server at "
                    + server.coapsUri() + " (DTLS-PSK, key generated for this run)");
            out.println("demo time: " + demoTime.describe(config.node().timezone()));
            out.println("working in " + dir + "; Ctrl-C stops and cleans up");
            out.println("in another terminal: streetnode shell --config " + setup.configFile() + "  (or: ... shell top)");
            DemoView view = new DemoView(agent, server, setup.endpoint(), out, clock, config.node().timezone());
            int code = runner.run(agent, limit, view::run);
            out.println("demo stopped" + (code == ExitCodes.OK ? "" : " (exit " + code + ")"));
            return code;
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
