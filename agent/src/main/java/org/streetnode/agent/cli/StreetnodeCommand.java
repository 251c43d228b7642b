package org.streetnode.agent.cli;

import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.shell.client.ShellCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streetnode}: the agent of a smart street node, and the tools around it. */
@Command(name = "streetnode",
        mixinStandardHelpOptions = true,
        versionProvider = StreetnodeCommand.Version.class,
        description = "The agent of a smart street node: reads its sensors, drives its lamp, is managed over LwM2M "
                + "and buffers its data until the platform can take it.",
        footer = {"", ExitCodes.HELP},
        subcommands = {RunCommand.class, DemoCommand.class, ConfigCommand.class, ProvisionCommand.class, SelftestCommand.class,
                ShellCommand.class, ModelsCommand.class, UpdateCommand.class, FleetCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class})
public final class StreetnodeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, demo, config, provision, selftest, shell, models, update, fleet, version or help");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"streetnode " + AgentVersion.get()};
        }
    }
}
