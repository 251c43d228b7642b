package org.streetnode.agent.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code streetnode.toml} built table by table, so that the fleet's own keys and the user's
 * {@code --set section.key=value} overrides end up in one table each, as TOML demands.
 */
final class NodeConfigText {
    private static final Pattern LITERAL = Pattern.compile(
            "-?\\d+(\\.\\d+)?|true|false|\"[^\"]*\"|\\[.*]|\\{.*}");
    private static final Pattern KEY = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private final Map<String, Map<String, String>> tables = new LinkedHashMap<>();

    /** Sets a key to a TOML value as written ({@code "5m"}, {@code 42}, {@code true}). */
    NodeConfigText set(String table, String key, String tomlValue) {
        tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(key, tomlValue);
        return this;
    }

    NodeConfigText string(String table, String key, String value) {
        return set(table, key, quote(value));
    }

    /**
     * Applies {@code table.key=value}: the value as TOML when it is a number, a boolean, a quoted
     * string, an array or an inline table, else as a string ({@code 0s} stands for {@code "0s"}).
     */
    NodeConfigText override(String assignment) {
        int eq = assignment.indexOf('=');
        String path = eq < 0 ? "" : assignment.substring(0, eq).strip();
        int dot = path.lastIndexOf('.');
        if (eq < 0 || dot < 0 || !KEY.matcher(path).matches()) {
            throw new IllegalArgumentException("expected TABLE.KEY=VALUE (e.g. delivery.max_replay_start_delay=0s): "
                    + assignment);
        }
        String value = assignment.substring(eq + 1).strip();
        return set(path.substring(0, dot), path.substring(dot + 1), LITERAL.matcher(value).matches() ? value : quote(value));
    }

    String render(String header) {
        StringBuilder out = new StringBuilder(header);
        tables.forEach((table, keys) -> {
            out.append("\n[").append(table).append("]\n");
            keys.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        });
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
