package org.streetnode.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code [shell]}: the maintenance shell's Unix socket and who may use it.
 *
 * @param socket the socket's path (default {@code shell.sock} in {@code [node] runtime_dir})
 * @param maintenanceGroup the group whose members may read diagnostics; the socket belongs to it
 * @param operatorGroup the group whose members may also act (lamp override, self-test)
 * @param maxClients connections served at once; more are answered "busy" and closed
 * @param maxRequestBytes the longest request line accepted
 * @param requestTimeout how long a client may take to send its request line
 * @param logLines how many recent log lines the agent keeps in memory for {@code log}
 * @param maxLampOverride the longest lamp override an operator may set from the shell (it always has an end)
 */
public record ShellConfig(Path socket, String maintenanceGroup, String operatorGroup, int maxClients,
        int maxRequestBytes, Duration requestTimeout, int logLines, Duration maxLampOverride) {
    /** A group name as {@code groupadd} accepts it, or a numeric gid. */
    private static final Pattern GROUP = Pattern.compile("[a-z_][a-z0-9_-]{0,31}\\$?|[0-9]{1,10}");

    public static final String SOCKET_NAME = "shell.sock";

    static ShellConfig read(ConfigTable t, NodeConfig node) {
        Path socket = t.path("socket", node.runtimeDir().resolve(SOCKET_NAME));
        String maintenance = group(t, "maintenance_group", "streetnode-maintenance");
        String operator = group(t, "operator_group", "streetnode-operators");
        int maxClients = t.integer("max_clients", 8, 1, 64);
        int maxRequest = (int) t.byteSize("max_request", 4096, 256, 64 * 1024);
        Duration timeout = t.duration("request_timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1));
        int logLines = t.integer("log_lines", 500, 10, 10_000);
        Duration maxOverride = t.duration("max_lamp_override", Duration.ofHours(4), Duration.ofMinutes(1), Duration.ofHours(24));
        // sun_path holds 108 bytes with its terminating NUL
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            t.problem("socket", "the path is longer than a Unix socket allows (107 bytes): " + socket);
        }
        return new ShellConfig(socket, maintenance, operator, maxClients, maxRequest, timeout, logLines, maxOverride);
    }

    private static String group(ConfigTable t, String key, String fallback) {
        String g = t.string(key, fallback);
        if (!GROUP.matcher(g).matches()) {
            t.problem(key, "\"" + g + "\" is neither a group name nor a numeric gid");
            return fallback;
        }
        return g;
    }
}
