package org.streetnode.agent.shell.client;

import org.streetnode.agent.shell.Command;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lamp}, {@code lamp set LEVEL --for DURATION}, {@code lamp clear}. */
@CommandLine.Command(name = "lamp", mixinStandardHelpOptions = true,
        description = "The lamp: level, the reason for it, override and its expiry, power, hours, failures.",
        subcommands = {LampCommand.Set.class, LampCommand.Clear.class})
final class LampCommand extends DiagnosticCommands.Direct {
    @Override
    public Integer call() {
        return ask(Command.LAMP, noArgs(), TextView::lamp);
    }

    @CommandLine.Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Override the lamp's program for a while (operator role): e.g. lamp set 100 --for 15m.",
                    "The override always ends: at most [shell] max_lamp_override; lamp clear ends it sooner."})
    static final class Set extends ShellSubcommand {
        @ParentCommand
        LampCommand lamp;

        @Parameters(index = "0", paramLabel = "LEVEL", description = "0-100 (%%); 0 switches the lamp off")
        double level;

        @CommandLine.Option(names = "--for", required = true, paramLabel = "DURATION", description = "how long, e.g. 15m, 2h")
        String duration;

        @Override
        ShellCommand shell() {
            return lamp.parent;
        }

        @Override
        public Integer call() {
            return ask(Command.LAMP_SET, noArgs().put("level", level).put("for", duration), TextView::lamp);
        }
    }

    @CommandLine.Command(name = "clear", mixinStandardHelpOptions = true,
            description = "End the maintenance override (operator role): the lamp's program resumes.")
    static final class Clear extends ShellSubcommand {
        @ParentCommand
        LampCommand lamp;

        @Override
        ShellCommand shell() {
            return lamp.parent;
        }

        @Override
        public Integer call() {
            return ask(Command.LAMP_CLEAR, noArgs(), TextView::lamp);
        }
    }
}
