package org.streetnode.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code streetnode.toml} written table by table, for the configs made by a program rather
 * than a person: the demo's, and those of tests and benchmarks. Keys keep the order they were
 * set in, and a table's keys stay together whatever order they come in; setting a key again
 * replaces its value where it stands. The text is read by {@link ConfigLoader} like any other.
 */
public final class ConfigText {
    /** Where {@link #pskAccount} says the key is, relative to the config file. */
    public static final String PSK_KEY_FILE = "secrets/psk.hex";

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final List<String> heading = new ArrayList<>();
    private final Map<String, List<Line>> tables = new LinkedHashMap<>();
    private final List<String> appended = new ArrayList<>();

    private record Line(String key, String text) {
    }

    /** A node on the simulated board, its data and runtime directories beside the config file. */
    public static ConfigText simulatedNode(String endpoint) {
        return new ConfigText().set("node", "endpoint", endpoint).set("node", "board", "simulated")
                .set("node", "data_dir", "data").set("node", "runtime_dir", "run");
    }

    /** A comment line at the top of the file. */
    public ConfigText heading(String comment) {
        heading.add("# " + comment);
        return this;
    }

    /**
     * Sets {@code key} of {@code table} ({@code "lwm2m.psk"}) to {@code value}: a string or a
     * path becomes a TOML string, a number or a boolean is written as it is; a key that is not a
     * bare word ({@code "org.sqlite"}) is quoted.
     */
    public ConfigText set(String table, String key, Object value) {
        List<Line> lines = tables.computeIfAbsent(table, t -> new ArrayList<>());
        Line line = new Line(key, (BARE_KEY.matcher(key).matches() ? key : quoted(key)) + " = " + literal(value));
        for (int i = 0; i < lines.size(); i++) {
            if (key.equals(lines.get(i).key())) {
                lines.set(i, line);
                return this;
            }
        }
        lines.add(line);
        return this;
    }

    /** Leaves {@code key} of {@code table} out. */
    public ConfigText remove(String table, String key) {
        tables.getOrDefault(table, new ArrayList<>()).removeIf(l -> key.equals(l.key()));
        return this;
    }

    /** A comment line in {@code table}, before the keys set after it. */
    public ConfigText comment(String table, String comment) {
        tables.computeIfAbsent(table, t -> new ArrayList<>()).add(new Line("", "# " + comment));
        return this;
    }

    /**
     * The account of a server that knows the node by a pre-shared key: at {@code table}
     * ({@code "lwm2m"}, or {@code "lwm2m.bootstrap"}) its URI and "psk", and in {@code TABLE.psk}
     * the identity and {@link #PSK_KEY_FILE}.
     */
    public ConfigText pskAccount(String table, URI serverUri, String identity) {
        return set(table, "server_uri", serverUri.toString()).set(table, "security", "psk")
                .set(table + ".psk", "identity", identity).set(table + ".psk", "key_file", PSK_KEY_FILE);
    }

    /** TOML written as it is after the tables: arrays of tables ({@code [[sensor]]}), or a test's own. */
    public ConfigText append(String toml) {
        appended.add(toml);
        return this;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        heading.forEach(h -> out.append(h).append('\n'));
        tables.forEach((table, lines) -> {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append('[').append(table).append("]\n");
            lines.forEach(l -> out.append(l.text()).append('\n'));
        });
        appended.forEach(toml -> out.append('\n').append(toml));
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private static String literal(Object value) {
        return switch (value) {
            case String s -> quoted(s);
            case Path p -> quoted(p.toString());
            case Integer n -> n.toString();
            case Long n -> n.toString();
            case Double n -> n.toString();
            case Boolean b -> b.toString();
            default -> throw new IllegalArgumentException("no TOML value for a " + value.getClass().getSimpleName());
        };
    }

    /** A TOML basic string. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
