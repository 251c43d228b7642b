package org.streetnode.agent.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * {@code [node]}: who this node is and where it keeps its files.
 *
 * @param endpoint the LwM2M endpoint name the platform knows the node by
 * @param board the board profile: a name in {@code boards/} or a path to a profile file
 * @param dataDir buffer, lamp state and counters (must survive reboots)
 * @param runtimeDir the shell socket and other files that live only while the agent runs
 * @param timezone the zone lighting programs are written in
 */
public record NodeConfig(String endpoint, String board, Path dataDir, Path runtimeDir, ZoneId timezone) {
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    static NodeConfig read(ConfigTable t) {
        String endpoint = t.requiredString("endpoint");
        if (!endpoint.isEmpty() && !ENDPOINT.matcher(endpoint).matches()) {
            t.problem("endpoint", "\"" + endpoint + "\" is not a usable endpoint name: use 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        String board = t.string("board", "simulated");
        Path dataDir = t.path("data_dir", Path.of("/var/lib/streetnode"));
        Path runtimeDir = t.path("runtime_dir", Path.of("/run/streetnode"));
        String zone = t.string("timezone", "Europe/Berlin");
        ZoneId timezone = ZoneId.of("UTC");
        try {
            timezone = ZoneId.of(zone);
        } catch (DateTimeException e) {
            t.problem("timezone", "unknown time zone \"" + zone + "\"; use an IANA name such as \"Europe/Berlin\"");
        }
        return new NodeConfig(endpoint, board, dataDir, runtimeDir, timezone);
    }
}
