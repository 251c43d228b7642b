package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jline.terminal.Terminal;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.ErrorCode;
import org.streetnode.agent.shell.ShellProtocol;
import org.streetnode.agent.units.Units;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streetnode shell}: the maintenance shell. With a command it runs that one command and
 * exits with a code scripts can test; without one it opens the interactive shell.
 */
@CommandLine.Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Diagnostics and maintenance of the running agent, over its local socket.",
                "Without a command: an interactive shell (Tab completes, Up recalls, 'help' lists, 'exit' leaves).",
                "Reading needs the maintenance group; lamp set/clear and selftest need the operator group or root."},
        footer = {"", ShellCommand.EXIT_CODES},
        subcommands = {DiagnosticCommands.Status.class, DiagnosticCommands.Sensors.class, LampCommand.class,
                DiagnosticCommands.Buffer.class, DiagnosticCommands.Net.class, DiagnosticCommands.Lwm2m.class, DiagnosticCommands.Update.class,
                DiagnosticCommands.Log.class, DiagnosticCommands.SelfTestCommand.class, DiagnosticCommands.Config.class,
                TopCommand.class, CommandLine.HelpCommand.class})
public final class ShellCommand implements Callable<Integer> {
    static final String EXIT_CODES = """
            Exit codes:
              0  done
              1  the agent failed to carry the command out
              2  wrong command line, or arguments the agent does not accept
              3  the config file cannot be read to find the socket
              5  the agent is not running, or did not answer in time
              6  refused: your role does not allow it, or you may not open the socket
              7  that part is not available in this build""";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/streetnode/streetnode.toml",
            description = "the agent's config file, to find the socket (default: ${DEFAULT-VALUE})")
    Path configFile;

    @Option(names = "--socket", paramLabel = "PATH", description = "the agent's socket (default: from the config file)")
    Path socket;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1500ms",
            description = "how long to wait for the agent to answer (default: ${DEFAULT-VALUE}; selftest waits at least 60s)")
    String timeout;

    /** Set while the interactive shell runs: its terminal, and the socket found once at its start. */
    private Terminal interactiveTerminal;
    private Path interactiveSocket;
    private String interactiveTimeout;

    @Override
    public Integer call() throws IOException {
        if (interactiveTerminal != null) {
            spec.commandLine().getErr().println("already in the shell: type a command, 'help' or 'exit'");
            return ExitCodes.USAGE;
        }
        Path path;
        try {
            path = socketPath();
        } catch (IOException e) {
            spec.commandLine().getErr().println("streetnode shell: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        return new InteractiveShell(spec.commandLine(), this, path).run();
    }

    void interactive(Terminal terminal, Path socketPath) {
        this.interactiveTerminal = terminal;
        this.interactiveSocket = socketPath;
        this.interactiveTimeout = timeout;
    }

    Optional<Terminal> terminal() {
        return Optional.ofNullable(interactiveTerminal);
    }

    Path socketPath() throws IOException {
        if (interactiveSocket != null) {
            return interactiveSocket;
        }
        return socket != null ? socket : SocketLocator.fromConfig(configFile);
    }

    Duration timeout() {
        String timeout = interactiveTimeout != null ? interactiveTimeout : this.timeout;
        return Units.parseDuration(timeout).filter(d -> !d.isZero()).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--timeout: not a duration: " + timeout + " (write e.g. 1500ms or 3s)"));
    }

    /**
     * Sends one request and prints the answer: the data as JSON with {@code --json}, else as text
     * by {@code text}. Returns the exit code.
     */
    int run(CommandLine caller, Command command, ObjectNode args, boolean json, Duration atLeast,
            Function<JsonNode, String> text) {
        PrintWriter out = caller.getOut();
        PrintWriter err = caller.getErr();
        // one deadline for the whole exchange: a dead or hung agent is reported within --timeout
        Duration wait = timeout().compareTo(atLeast) >= 0 ? timeout() : atLeast;
        long start = System.nanoTime();
        try (AgentConnection connection = connect()) {
            connection.send(ShellProtocol.request(command, args), timeout());
            Duration left = wait.minusNanos(System.nanoTime() - start);
            Reply reply = Reply.parse(connection.readLine(left.isNegative() ? Duration.ofMillis(1) : left));
            return switch (reply) {
                case Reply.Data data -> {
                    out.print(json ? pretty(data.data()) : text.apply(data.data()));
                    out.flush();
                    yield ExitCodes.OK;
                }
                case Reply.Failure failure -> failed(out, err, json, failure.code(), failure.message());
            };
        } catch (AgentUnreachableException e) {
            return unreachable(out, err, json, e);
        } catch (IOException e) {
            return failed(out, err, json, null, e.getMessage(), ExitCodes.CONFIG);
        }
    }

    AgentConnection connect() throws AgentUnreachableException, IOException {
        return AgentConnection.open(socketPath(), timeout());
    }

    int unreachable(PrintWriter out, PrintWriter err, boolean json, AgentUnreachableException e) {
        return failed(out, err, json, e.permissionDenied() ? ErrorCode.REFUSED : null, e.getMessage(),
                e.permissionDenied() ? ExitCodes.REFUSED : ExitCodes.NOT_RUNNING);
    }

    static int failed(PrintWriter out, PrintWriter err, boolean json, ErrorCode code, String message) {
        return failed(out, err, json, code, message, exitCode(code));
    }

    private static int failed(PrintWriter out, PrintWriter err, boolean json, ErrorCode code, String message, int exit) {
        if (json) {
            ObjectNode o = ShellProtocol.json().createObjectNode()
                    .put("error", code == null ? (exit == ExitCodes.NOT_RUNNING ? "not-running" : "client") : code.word())
                    .put("message", message);
            out.print(pretty(o));
            out.flush();
        } else {
            err.println("streetnode shell: " + message);
            err.flush();
        }
        return exit;
    }

    static int exitCode(ErrorCode code) {
        return switch (code) {
            case REFUSED -> ExitCodes.REFUSED;
            case UNAVAILABLE -> ExitCodes.UNAVAILABLE;
            case INVALID -> ExitCodes.USAGE;
            case BAD_REQUEST, TOO_LARGE, TIMEOUT, UNSUPPORTED_VERSION, UNKNOWN_COMMAND, BUSY, FAILED -> ExitCodes.FAILURE;
        };
    }

    static String pretty(JsonNode node) {
        try {
            return ShellProtocol.json().writerWithDefaultPrettyPrinter().writeValueAsString(node) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
