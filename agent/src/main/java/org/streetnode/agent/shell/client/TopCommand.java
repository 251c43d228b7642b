package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.ErrorCode;
import org.streetnode.agent.shell.ShellProtocol;
import picocli.CommandLine;

/**
 * {@code top}: a full-screen view the agent refreshes every second, with sparklines of the last
 * minutes of each sensor and of the lamp's power. {@code q} or Ctrl-C quits. With {@code --json}
 * it prints each frame as one JSON line instead.
 */
@CommandLine.Command(name = "top", mixinStandardHelpOptions = true,
        description = {"Live view, refreshed every second: lamp, sensors with sparklines of the last minutes, "
                + "registration, faults. q quits.", "With --json: one JSON frame per line."})
final class TopCommand extends DiagnosticCommands.Direct {
    /** Frames come every second; more than this without one means the agent stalled. */
    private static final Duration FRAME_WAIT = Duration.ofMillis(2500);

    @CommandLine.Option(names = "--frames", paramLabel = "N", description = "stop after N frames (default: until q)")
    int frames;

    /** A frame, or why the stream ended; only the command's own thread prints. */
    private sealed interface Event {
        record Frame(JsonNode data) implements Event {
        }

        record Refused(ErrorCode code, String message) implements Event {
        }

        record Lost(AgentUnreachableException cause) implements Event {
        }
    }

    @Override
    @SuppressWarnings("try") // the connection is closed early on purpose: that ends the frame reader's wait
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (AgentConnection connection = shell().connect()) {
            connection.send(ShellProtocol.request(Command.TOP, noArgs()), shell().timeout());
            BlockingQueue<Event> events = new LinkedBlockingQueue<>(4);
            Thread reader = Thread.ofVirtual().name("top-frames").start(() -> readFrames(connection, events));
            try {
                return json ? printJson(events, out, err) : show(events, out, err);
            } finally {
                connection.close();
                reader.interrupt();
            }
        } catch (AgentUnreachableException e) {
            return shell().unreachable(out, err, json, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        }
    }

    private void readFrames(AgentConnection connection, BlockingQueue<Event> events) {
        try {
            for (int n = 0; ; n++) {
                Duration wait = n == 0 ? shell().timeout() : FRAME_WAIT.plus(shell().timeout());
                Reply reply = Reply.parse(connection.readLine(wait));
                switch (reply) {
                    case Reply.Data data -> events.put(new Event.Frame(data.data()));
                    case Reply.Failure failure -> {
                        events.put(new Event.Refused(failure.code(), failure.message()));
                        return;
                    }
                }
            }
        } catch (AgentUnreachableException e) {
            events.offer(new Event.Lost(e));
        } catch (InterruptedException | java.nio.channels.ClosedSelectorException e) {
            // top ended: the command closed the connection
        }
    }

    /** What ends the stream, printed; returns the exit code. */
    private int ended(Event event, PrintWriter out, PrintWriter err) {
        return switch (event) {
            case Event.Refused r -> ShellCommand.failed(out, err, json, r.code(), r.message());
            case Event.Lost l -> shell().unreachable(out, err, json, l.cause());
            case Event.Frame f -> ExitCodes.OK;
        };
    }

    private int printJson(BlockingQueue<Event> events, PrintWriter out, PrintWriter err) throws InterruptedException {
        for (int shown = 0; frames == 0 || shown < frames; shown++) {
            Event event = events.take();
            if (!(event instanceof Event.Frame f)) {
                return ended(event, out, err);
            }
            out.println(f.data().toString());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private int show(BlockingQueue<Event> events, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Terminal own = shell().terminal().isPresent() ? null : TerminalBuilder.builder().system(true).build();
        Terminal terminal = shell().terminal().orElse(own);
        var previous = terminal.enterRawMode();
        boolean fullScreen = terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        NonBlockingReader keys = terminal.reader();
        try {
            int shown = 0;
            while (frames == 0 || shown < frames) {
                int key = keys.read(100);
                if (key == 'q' || key == 'Q' || key == 3 || key == NonBlockingReader.EOF) {
                    return ExitCodes.OK;
                }
                Event event = events.poll(0, TimeUnit.MILLISECONDS);
                if (event instanceof Event.Frame frame) {
                    draw(terminal, TopScreen.lines(frame.data()));
                    shown++;
                } else if (event != null) {
                    leave(terminal, previous, fullScreen);
                    return ended(event, out, err);
                }
            }
            return ExitCodes.OK;
        } finally {
            leave(terminal, previous, fullScreen);
            if (own != null) {
                own.close();
            }
        }
    }

    /** Back to the screen as it was (so an error printed after it stays readable); harmless twice. */
    private static void leave(Terminal terminal, org.jline.terminal.Attributes previous, boolean fullScreen) {
        terminal.puts(Capability.cursor_visible);
        if (fullScreen) {
            terminal.puts(Capability.exit_ca_mode);
        }
        terminal.setAttributes(previous);
        terminal.flush();
    }

    private static void draw(Terminal terminal, List<String> lines) {
        if (!terminal.puts(Capability.clear_screen)) {
            terminal.writer().println(); // a dumb terminal: frames follow each other
        }
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 120;
        int height = terminal.getHeight() > 0 ? terminal.getHeight() : lines.size() + 1;
        for (String line : lines.subList(0, Math.min(lines.size(), height - 1))) {
            terminal.writer().print(line.length() > width ? line.substring(0, width) : line);
            terminal.writer().print("\r\n");
        }
        terminal.flush();
    }
}
