package org.streetnode.agent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.lwm2m.model.DdfFiles;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The LwM2M object models the node serves, for platforms.",
        subcommands = {ModelsCommand.Export.class})
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: export");
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the DDF file (OMA LwM2M XML) of every object and version the node serves into DIR,",
                    "one file per object (ID-MAJOR_MINOR.xml), exactly as the node serves it: load them into the "
                            + "platform's LwM2M server. The package ships them in /usr/share/streetnode/models."},
            footer = {"", ExitCodes.HELP})
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "where to write the files (created if needed; files of the same name are replaced)")
        Path dir;

        @Override
        public Integer call() {
            try {
                List<Path> files = DdfFiles.export(dir, StreetnodeModels.ALL);
                files.forEach(f -> System.out.println(f));
                return ExitCodes.OK;
            } catch (IOException e) {
                System.err.println("cannot write the models into " + dir + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }
}
