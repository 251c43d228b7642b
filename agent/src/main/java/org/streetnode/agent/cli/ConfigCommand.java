package org.streetnode.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigProblem;
import org.streetnode.agent.config.EffectiveConfig;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.lifecycle.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Work with configuration files.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: check");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check a configuration file, its board profile and its secret files.",
                    "Prints OK and the effective configuration (secrets never shown), or every problem "
                            + "with file, line and key."},
            footer = {"", ExitCodes.HELP})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the config file, e.g. /etc/streetnode/streetnode.toml")
        Path file;

        @Override
        public Integer call() {
            try {
                StreetnodeConfig config = ConfigLoader.load(file);
                System.out.println("OK: " + file);
                System.out.println();
                System.out.print(EffectiveConfig.render(config));
                return ExitCodes.OK;
            } catch (ConfigException e) {
                System.err.println("INVALID: " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s")
                        + " in " + file);
                for (ConfigProblem p : e.problems()) {
                    System.err.println("  " + p);
                }
                return ExitCodes.CONFIG;
            }
        }
    }
}
