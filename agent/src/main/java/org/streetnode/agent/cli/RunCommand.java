package org.streetnode.agent.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigProblem;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.lwm2m.transport.DtlsWarmUp;
import org.streetnode.agent.supervision.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the agent in the foreground (systemd runs it like this).",
                "Stops cleanly on SIGTERM or SIGINT: the lamp to its configured state, the open buffer window committed."},
        footer = {"", ExitCodes.HELP})
final class RunCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/streetnode/streetnode.toml",
            description = "the config file (default: ${DEFAULT-VALUE})")
    Path configFile;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "stop by itself after this long, e.g. 8s (the package runs the agent this way to create its "
                    + "class-data sharing archive); default: until SIGTERM or SIGINT")
    String runFor;

    @Override
    public Integer call() {
        Duration limit = runFor == null ? Duration.ofDays(365_000)
                : org.streetnode.agent.units.Units.parseDuration(runFor)
                        .orElseThrow(() -> new picocli.CommandLine.ParameterException(spec.commandLine(),
                                "--for: not a duration: " + runFor + " (write it as 8s, 5m, ...)"));
        StreetnodeConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            System.err.println("streetnode: cannot start: invalid configuration");
            for (ConfigProblem p : e.problems()) {
                System.err.println("  " + p);
            }
            return ExitCodes.CONFIG;
        }
        Logging.configure(config.logging());
        // Not earlier: the set-up's libraries log, and Tinylog's configuration is fixed by the first line.
        if (config.lwm2m().firstContact().filter(a -> "coaps".equals(a.uri().getScheme())).isPresent()) {
            DtlsWarmUp.begin();
        }
        AgentRunner runner = new AgentRunner();
        runner.handleSignals();
        Agent agent = Agent.create(config, Clock.systemUTC(), runner.restartRequest(),
                Supervisor.fromEnvironment(System.getenv(), ProcessHandle.current().pid()));
        return runner.run(agent, limit, null);
    }
}
