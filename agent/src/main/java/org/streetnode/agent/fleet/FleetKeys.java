package org.streetnode.agent.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.streetnode.agent.config.SecretFiles;
import org.streetnode.agent.files.AtomicFile;

/**
 * The fleet's credentials file, which {@code streetnode fleet keys} writes for the platform to
 * import and {@code streetnode fleet} reads: CSV in UTF-8, mode 0600, a header line
 * {@value #HEADER}, then one node a line: its endpoint name, its PSK identity (the endpoint name)
 * and its 16-byte key as 32 lower-case hex digits, e.g.
 *
 * <pre>
 * endpoint,psk_identity,psk_key_hex
 * streetnode-fleet-00001,streetnode-fleet-00001,4f1c...
 * </pre>
 *
 * No field ever needs quoting: names are letters, digits, '-', '_' and '.'.
 */
public final class FleetKeys {
    public static final String HEADER = "endpoint,psk_identity,psk_key_hex";
    static final int KEY_BYTES = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern KEY = Pattern.compile("[0-9a-fA-F]{2,128}");

    private FleetKeys() {
    }

    /** Fresh random keys for the nodes {@code names} gives indexes {@code first} to {@code first + count - 1}. */
    public static List<NodeKey> generate(NodeNames names, int first, int count, SecureRandom random) {
        List<NodeKey> keys = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            String endpoint = names.endpoint(i);
            keys.add(new NodeKey(endpoint, endpoint, key));
        }
        return keys;
    }

    /**
     * Writes the file, private from its first byte. An existing file is never replaced: the
     * platform may hold its keys already, and new ones would lock every node out.
     */
    public static void write(Path file, List<NodeKey> keys) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists; keys are written once (the platform may hold them): "
                    + "remove it first or name another file");
        }
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (NodeKey k : keys) {
            csv.append(k.endpoint()).append(',').append(k.identity()).append(',').append(k.keyHex()).append('\n');
        }
        AtomicFile.writePrivate(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the file, by endpoint name; refuses one that others may read, and names the line of
     * anything it cannot take.
     */
    public static Map<String, NodeKey> read(Path file) throws IOException {
        List<String> lines = new String(SecretFiles.readPrivate(file), StandardCharsets.UTF_8).lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IOException(file + ":1: expected the header " + HEADER);
        }
        Map<String, NodeKey> keys = new LinkedHashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            String where = file + ":" + (n + 1) + ": ";
            if (f.length != 3) {
                throw new IOException(where + "expected 3 fields (" + HEADER + "), found " + f.length);
            }
            if (!NAME.matcher(f[0]).matches() || !NAME.matcher(f[1]).matches()) {
                throw new IOException(where + "an endpoint and identity are 1-64 letters, digits, '.', '_' or '-'");
            }
            if (!KEY.matcher(f[2]).matches() || f[2].length() % 2 != 0) {
                throw new IOException(where + "the key of " + f[0] + " is not hex digits (an even number of 0-9a-f)");
            }
            if (keys.put(f[0], new NodeKey(f[0], f[1], HexFormat.of().parseHex(f[2]))) != null) {
                throw new IOException(where + f[0] + " is listed twice");
            }
        }
        return keys;
    }
}
