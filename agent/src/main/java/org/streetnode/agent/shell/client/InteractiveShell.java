package org.streetnode.agent.shell.client;

import java.io.IOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.SystemCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.streetnode.agent.lifecycle.ExitCodes;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliCommands;

/**
 * The interactive shell: a JLine prompt with completion from the picocli command tree, history
 * ({@code ~/.streetnode_history}) and {@code help}. Each line runs as the one-shot command would.
 */
final class InteractiveShell {
    private final CommandLine commandLine;
    private final ShellCommand shell;
    private final Path socket;

    InteractiveShell(CommandLine commandLine, ShellCommand shell, Path socket) {
        this.commandLine = commandLine;
        this.shell = shell;
        this.socket = socket;
    }

    int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            shell.interactive(terminal, socket);
            commandLine.setOut(terminal.writer()).setErr(terminal.writer());
            SystemCompleter completer = new PicocliCommands(commandLine).compileCompleters();
            completer.compile();
            // $HOME first: under sudo or su it is the home the crew member expects
            String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home", ""));
            LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).completer(completer)
                    .parser(new DefaultParser()).appName("streetnode");
            if (!home.isEmpty() && !home.equals("?")) {
                builder.variable(LineReader.HISTORY_FILE, Path.of(home, ".streetnode_history"));
            }
            LineReader reader = builder.build();
            terminal.writer().println("streetnode shell on " + socket + ": 'help' lists the commands, Tab completes, 'exit' leaves.");
            try {
                AgentConnection.open(socket, shell.timeout()).close(); // reachable: the commands say the rest
            } catch (AgentUnreachableException e) {
                terminal.writer().println("note: " + e.getMessage());
            }
            try {
                return loop(reader);
            } finally {
                reader.getHistory().save();
            }
        }
    }

    private int loop(LineReader reader) {
        while (true) {
            String line;
            try {
                line = reader.readLine("streetnode> ").strip();
            } catch (UserInterruptException e) {
                continue; // Ctrl-C clears the line
            } catch (EndOfFileException e) {
                return ExitCodes.OK; // Ctrl-D
            }
            if (line.equals("exit") || line.equals("quit")) {
                return ExitCodes.OK;
            }
            if (!line.isEmpty()) {
                commandLine.execute(reader.getParser().parse(line, 0).words().stream()
                        .filter(w -> !w.isEmpty()).toArray(String[]::new));
            }
        }
    }
}
