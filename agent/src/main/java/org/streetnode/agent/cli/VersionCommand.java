package org.streetnode.agent.cli;

import java.util.concurrent.Callable;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lifecycle.ExitCodes;
import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the agent's version and the Java runtime it runs on.",
        footer = {"", ExitCodes.HELP})
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("streetnode " + AgentVersion.get());
        System.out.println("java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("os.arch") + ")");
        return ExitCodes.OK;
    }
}
