package org.streetnode.agent.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.client.AgentQuery;

/**
 * Follows the started agent over its shell socket until it is registered, telling each change
 * once: the agent not answering yet, registering, retrying and why, registered.
 */
final class RegistrationWatch {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration ASK = Duration.ofSeconds(2);

    private RegistrationWatch() {
    }

    /** @return the registration id, or empty when {@code limit} passed first */
    static Optional<String> await(Path socket, Duration limit, Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            String now;
            try {
                JsonNode reg = AgentQuery.ask(socket, Command.LWM2M, ASK).path("registration");
                String state = reg.path("state").asText();
                if ("REGISTERED".equals(state)) {
                    String id = reg.path("registrationId").asText("?");
                    progress.accept("registered with " + reg.path("server").asText() + " as " + id);
                    return Optional.of(id);
                }
                now = state.toLowerCase() + " with " + reg.path("server").asText()
                        + reg.path("lastError").asText("").transform(e -> e.isEmpty() ? "" : ": " + e);
            } catch (AgentQuery.Unanswered e) {
                now = "waiting for the agent to answer (" + e.getMessage() + ")";
            }
            if (!now.equals(shown)) {
                progress.accept(now);
                shown = now;
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.empty();
    }
}
