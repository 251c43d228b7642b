package org.streetnode.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders effective key values back as TOML, grouped by table, secrets only described. */
public final class EffectiveConfig {
    private EffectiveConfig() {
    }

    /**
     * The keys grouped by table, each table once (TOML allows no table twice), in the order the
     * tables first appear; keys outside any table first.
     */
    public static String render(Map<String, String> values) {
        Map<String, StringBuilder> tables = new LinkedHashMap<>();
        tables.put("", new StringBuilder());
        values.forEach((path, value) -> {
            int dot = lastDotOutsideQuotes(path);
            String table = dot < 0 ? "" : path.substring(0, dot);
            tables.computeIfAbsent(table, t -> new StringBuilder())
                    .append(path.substring(dot + 1)).append(" = ").append(value).append('\n');
        });
        StringBuilder out = new StringBuilder(tables.remove(""));
        tables.forEach((table, keys) -> out.append(out.isEmpty() ? "" : "\n").append(header(table)).append('\n').append(keys));
        return out.toString();
    }

    /** {@code logging.levels."org.sqlite"} is key {@code "org.sqlite"} of table {@code logging.levels}. */
    private static int lastDotOutsideQuotes(String path) {
        boolean quoted = false;
        int last = -1;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"' && (i == 0 || path.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                last = i;
            }
        }
        return last;
    }

    /** {@code sensor[2]} is the third {@code [[sensor]]}; {@code lwm2m.psk} is {@code [lwm2m.psk]}. */
    private static String header(String prefix) {
        if (prefix.endsWith("]")) {
            return "[[" + prefix.substring(0, prefix.lastIndexOf('[')) + "]]";
        }
        return "[" + prefix + "]";
    }

    /** The whole effective configuration: the config file, then its board profile. */
    public static String render(StreetnodeConfig config) {
        return "# " + config.file() + " (defaults filled in; secrets never shown)\n"
                + render(config.effective())
                + "\n# board profile " + config.board().source() + "\n"
                + render(config.boardEffective());
    }
}
