package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.ShellProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command of {@code streetnode shell} that asks the agent one thing and prints the answer. */
abstract class ShellSubcommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print the agent's answer as JSON, for scripts")
    boolean json;

    /** The {@code shell} command this runs under (directly, or under {@code lamp}). */
    abstract ShellCommand shell();

    int ask(Command command, ObjectNode args, Function<JsonNode, String> text) {
        return ask(command, args, Duration.ZERO, text);
    }

    int ask(Command command, ObjectNode args, Duration atLeast, Function<JsonNode, String> text) {
        return shell().run(spec.commandLine(), command, args, json, atLeast, text);
    }

    static ObjectNode noArgs() {
        return ShellProtocol.json().createObjectNode();
    }
}
