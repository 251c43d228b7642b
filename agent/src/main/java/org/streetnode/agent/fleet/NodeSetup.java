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
        overrides.forEach(o -> new NodeConfigText().override(o)); // a bad one is refused before any node is written
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
        Files.writeString(config, config(node).render("# Written by `streetnode fleet` for " + node.key().endpoint()
                + "; rewritten at every fleet start.\n"));
        return config;
    }

    private NodeConfigText config(SimulatedNode node) {
        NodeConfigText t = new NodeConfigText()
                .string("node", "endpoint", node.key().endpoint())
                .string("node", "board", "board.toml")
                .string("node", "data_dir", "data")
                .string("node", "runtime_dir", "run")
                .set("location", "latitude", String.format(Locale.ROOT, "%.6f", node.latitude()))
                .set("location", "longitude", String.format(Locale.ROOT, "%.6f", node.longitude()));
        String account = bootstrap ? "lwm2m.bootstrap" : "lwm2m";
        t.string(account, "server_uri", server.toString())
                .string(account, "security", "psk")
                .set("lwm2m", "local_port", "0")
                .string(account + ".psk", "identity", node.key().identity())
                .string(account + ".psk", "key_file", "secrets/psk.hex")
                .string("shell", "maintenance_group", Integer.toString(gid))
                .string("shell", "operator_group", Integer.toString(gid));
        overrides.forEach(t::override);
        return t;
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
