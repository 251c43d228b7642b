package org.streetnode.agent.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.files.AtomicFile;

/**
 * Writes a simulated node's directory: {@code streetnode.toml}, its own copy of the simulated
 * board profile ({@code board.toml}: its seed, so its own weather and passers-by, and its own
 * serial number) and its key ({@code secrets/psk.hex}, 0600). The agent then loads them as any
 * node loads its files: the fleet runs the real code path. Data ({@code data/}) and the shell's
 * socket ({@code run/}) live beside them and survive the fleet's restarts.
 */
final class NodeSetup {
    static final String CONFIG = "streetnode.toml";
    private static final Pattern SEED = Pattern.compile("(?m)^seed = .*$");
    private static final Pattern SERIAL = Pattern.compile("(?m)^serial = .*$");
    private static final Pattern OVERRIDE_KEY = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final Pattern TOML_VALUE = Pattern.compile("-?\\d+(\\.\\d+)?|true|false|\"[^\"]*\"|\\[.*]|\\{.*}");

    private final String boardTemplate;
    private final URI server;
    private final boolean bootstrap;
    private final List<String> overrides;
    private final int gid;

    /**
     * @param server the LwM2M server the nodes register with, or their bootstrap server
     * @param overrides {@code table.key=value} settings laid over the fleet's
     * @param gid the group that may use the nodes' shells (the user's own)
     */
    NodeSetup(URI server, boolean bootstrap, List<String> overrides, int gid) throws IOException {
        this.server = server;
        this.bootstrap = bootstrap;
        this.overrides = List.copyOf(overrides);
        this.gid = gid;
        try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.BUILTIN_BOARDS + "simulated.toml")) {
            if (in == null) {
                throw new IOException("the built-in simulated board profile is missing from the jar");
            }
            this.boardTemplate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        replaceOnce(SEED, boardTemplate, "seed = 0");
        replaceOnce(SERIAL, boardTemplate, "serial = \"\"");
        overrides.forEach(o -> override(new ConfigText(), o)); // a bad one is refused before any node is written
    }

    /** Writes the node's files (the key only when it changed) and returns its config file. */
    Path write(SimulatedNode node) throws IOException {
        Path dir = Files.createDirectories(node.directory());
        Path key = dir.resolve("secrets/psk.hex");
        byte[] hex = (node.key().keyHex() + "\n").getBytes(StandardCharsets.US_ASCII);
        if (!Files.exists(key) || !Arrays.equals(Files.readAllBytes(key), hex)) {
            AtomicFile.writePrivate(key, hex);
        }
        String board = replaceOnce(SEED, boardTemplate, "seed = " + node.seed());
        board = replaceOnce(SERIAL, board, "serial = \"" + node.key().endpoint().toUpperCase(Locale.ROOT) + "\"");
        Files.writeString(dir.resolve("board.toml"), "# Written by `streetnode fleet`: the simulated board with this node's "
                + "seed and serial number.\n" + board);
        Path config = dir.resolve(CONFIG);
        Files.writeString(config, config(node).text());
        return config;
    }

    private ConfigText config(SimulatedNode node) {
        ConfigText t = ConfigText.simulatedNode(node.key().endpoint())
                .heading("Written by `streetnode fleet` for " + node.key().endpoint() + "; rewritten at every fleet start.")
                .set("node", "board", "board.toml")
                .setToml("location", "latitude", String.format(Locale.ROOT, "%.6f", node.latitude()))
                .setToml("location", "longitude", String.format(Locale.ROOT, "%.6f", node.longitude()))
                .pskAccount(bootstrap ? "lwm2m.bootstrap" : "lwm2m", server, node.key().identity())
                .set("lwm2m", "local_port", 0)
                .set("shell", "maintenance_group", Integer.toString(gid))
                .set("shell", "operator_group", Integer.toString(gid));
        overrides.forEach(o -> override(t, o));
        return t;
    }

    /**
     * Applies {@code table.key=value}: the value as TOML when it is a number, a boolean, a quoted
     * string, an array or an inline table, else as a string ({@code 0s} stands for {@code "0s"}).
     */
    private static void override(ConfigText t, String assignment) {
        int eq = assignment.indexOf('=');
        String path = eq < 0 ? "" : assignment.substring(0, eq).strip();
        int dot = path.lastIndexOf('.');
        if (eq < 0 || dot < 0 || !OVERRIDE_KEY.matcher(path).matches()) {
            throw new IllegalArgumentException("expected TABLE.KEY=VALUE (e.g. delivery.max_replay_start_delay=0s): "
                    + assignment);
        }
        String table = path.substring(0, dot);
        String key = path.substring(dot + 1);
        String value = assignment.substring(eq + 1).strip();
        if (TOML_VALUE.matcher(value).matches()) {
            t.setToml(table, key, value);
        } else {
            t.set(table, key, value);
        }
    }

    private static String replaceOnce(Pattern line, String text, String replacement) {
        Matcher m = line.matcher(text);
        if (!m.find() || m.find()) {
            throw new IllegalStateException("the built-in simulated board profile does not have exactly one line "
                    + line.pattern());
        }
        return line.matcher(text).replaceFirst(Matcher.quoteReplacement(replacement));
    }
}
