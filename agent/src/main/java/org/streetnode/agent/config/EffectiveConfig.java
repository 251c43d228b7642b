package org.streetnode.agent.config;

import java.util.Map;

/** Renders effective key values back as TOML, grouped by table, secrets only described. */
public final class EffectiveConfig {
    private EffectiveConfig() {
    }

    public static String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        String table = null;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String path = e.getKey();
            int dot = path.lastIndexOf('.');
            String prefix = dot < 0 ? "" : path.substring(0, dot);
            if (!prefix.equals(table)) {
                if (!prefix.isEmpty()) {
                    out.append(out.isEmpty() ? "" : "\n").append(header(prefix)).append('\n');
                }
                table = prefix;
            }
            out.append(path.substring(dot + 1)).append(" = ").append(e.getValue()).append('\n');
        }
        return out.toString();
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
