package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.ShellProtocol;

/**
 * One question to the running agent over its shell socket, for other commands of the CLI
 * ({@code provision} follows registration with it, {@code selftest} reads it from a running
 * agent). Answers with the data, or says why there is none.
 */
public final class AgentQuery {
    private AgentQuery() {
    }

    /** The agent could not be asked, or refused: the message says which and why. */
    public static final class Unanswered extends Exception {
        Unanswered(String message) {
            super(message);
        }
    }

    /** Asks {@code command} (no arguments) and returns the answer's data within {@code timeout}. */
    public static JsonNode ask(Path socket, Command command, Duration timeout) throws Unanswered {
        long start = System.nanoTime();
        try (AgentConnection connection = AgentConnection.open(socket, timeout)) {
            connection.send(ShellProtocol.request(command, ShellProtocol.json().createObjectNode()), timeout);
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            return switch (Reply.parse(connection.readLine(left.isNegative() ? Duration.ofMillis(1) : left))) {
                case Reply.Data data -> data.data();
                case Reply.Failure failure -> throw new Unanswered(failure.message());
            };
        } catch (AgentUnreachableException e) {
            throw new Unanswered(e.getMessage());
        }
    }

    /** The socket a config file names ({@code [shell] socket}, else {@code shell.sock} in the runtime directory). */
    public static Path socketOf(Path configFile) throws IOException {
        return SocketLocator.fromConfig(configFile);
    }
}
