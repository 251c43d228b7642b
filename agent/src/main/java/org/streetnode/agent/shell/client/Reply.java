package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.streetnode.agent.shell.ErrorCode;
import org.streetnode.agent.shell.ShellProtocol;

/** One answer line of the agent. */
sealed interface Reply {
    record Data(JsonNode data) implements Reply {
    }

    record Failure(ErrorCode code, String message) implements Reply {
    }

    static Reply parse(String line) throws AgentUnreachableException {
        try {
            JsonNode root = ShellProtocol.json().readTree(line);
            if (root.path("ok").asBoolean(false)) {
                return new Data(root.path("data"));
            }
            return new Failure(ErrorCode.of(root.path("error").asText()), root.path("message").asText());
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException e) {
            throw new AgentUnreachableException("the agent's answer is not in the shell protocol: " + e.getMessage(), false);
        }
    }
}
