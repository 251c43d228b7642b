package org.streetnode.agent.install;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Restarts the agent after an install or a rollback: {@code systemctl restart streetnode.service}
 * (whose stop sequence leaves the lamp in the hardware's fail-safe state, and whose new agent sets
 * it right within a second of starting), or, on a staging root without systemd, a command the
 * caller names, run as {@code COMMAND restart}.
 */
record AgentService(List<String> command) {
    AgentService {
        command = List.copyOf(command);
    }

    static final AgentService SYSTEMD = new AgentService(List.of("systemctl", "restart", "streetnode.service"));

    static AgentService command(String program) {
        return new AgentService(List.of(program, "restart"));
    }

    void restart() throws IOException {
        Processes.Ran r = Processes.run(command, Map.of(), Duration.ofMinutes(3));
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): " + r.tail());
        }
    }
}
