package org.streetnode.agent.shell.client;

import java.time.Duration;
import org.streetnode.agent.shell.Command;
import picocli.CommandLine;
import picocli.CommandLine.ParentCommand;

/** The read-only commands (and {@code selftest}), each one request and one answer. */
final class DiagnosticCommands {
    private DiagnosticCommands() {
    }

    /** Shared by the commands that run directly under {@code shell}. */
    abstract static class Direct extends ShellSubcommand {
        @ParentCommand
        ShellCommand parent;

        @Override
        ShellCommand shell() {
            return parent;
        }
    }

    @CommandLine.Command(name = "status", mixinStandardHelpOptions = true,
            description = "The node at a glance: version, uptime, board, clock, registration, faults, lamp, sensors, buffer.")
    static final class Status extends Direct {
        @Override
        public Integer call() {
            return ask(Command.STATUS, noArgs(), TextView::status);
        }
    }

    @CommandLine.Command(name = "sensors", mixinStandardHelpOptions = true,
            description = "Each sensor: latest value, age, health, last error.")
    static final class Sensors extends Direct {
        @Override
        public Integer call() {
            return ask(Command.SENSORS, noArgs(), TextView::sensors);
        }
    }

    @CommandLine.Command(name = "buffer", mixinStandardHelpOptions = true,
            description = "The local buffer: depth, oldest reading, bytes, drops, drain rate.")
    static final class Buffer extends Direct {
        @Override
        public Integer call() {
            return ask(Command.BUFFER, noArgs(), TextView::generic);
        }
    }

    @CommandLine.Command(name = "net", mixinStandardHelpOptions = true,
            description = "Network interfaces: addresses, link state and speed, Wi-Fi link quality and signal.")
    static final class Net extends Direct {
        @Override
        public Integer call() {
            return ask(Command.NET, noArgs(), TextView::generic);
        }
    }

    @CommandLine.Command(name = "lwm2m", mixinStandardHelpOptions = true,
            description = "LwM2M: server, registration state, last contact, next attempt, last error; the objects served.")
    static final class Lwm2m extends Direct {
        @Override
        public Integer call() {
            return ask(Command.LWM2M, noArgs(), TextView::generic);
        }
    }

    @CommandLine.Command(name = "update", mixinStandardHelpOptions = true,
            description = "Software update: state, download progress, bytes and rate, the last result, the previous version.")
    static final class Update extends Direct {
        @Override
        public Integer call() {
            return ask(Command.UPDATE, noArgs(), TextView::update);
        }
    }

    @CommandLine.Command(name = "log", mixinStandardHelpOptions = true,
            description = "The agent's recent log lines (kept in memory: [shell] log_lines).")
    static final class Log extends Direct {
        @CommandLine.Option(names = "-n", paramLabel = "N", defaultValue = "20", description = "how many lines (default: ${DEFAULT-VALUE})")
        int lines;

        @Override
        public Integer call() {
            if (lines < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-n must be 1 or more");
            }
            return ask(Command.LOG, noArgs().put("n", lines), TextView::log);
        }
    }

    @CommandLine.Command(name = "selftest", mixinStandardHelpOptions = true,
            description = {"Test the hardware: every sensor read once, the lamp switched and its power checked.",
                    "Needs the operator role. Waits up to a minute."})
    static final class SelfTestCommand extends Direct {
        @Override
        public Integer call() {
            return ask(Command.SELFTEST, noArgs(), Duration.ofSeconds(60), TextView::generic);
        }
    }

    @CommandLine.Command(name = "config", mixinStandardHelpOptions = true,
            description = "The agent's effective configuration (defaults filled in, secrets never shown).")
    static final class Config extends Direct {
        @Override
        public Integer call() {
            return ask(Command.CONFIG, noArgs(), data -> data.path("text").asText());
        }
    }
}
