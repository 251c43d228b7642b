package org.streetnode.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Config files for tests: a valid minimal one, and a private PSK file beside it. */
public final class TestConfigs {
    public static final String PSK_HEX = "00112233445566778899aabbccddeeff";

    private TestConfigs() {
    }

    /**
     * A valid config for the simulated board, with data and runtime directories inside
     * {@code dir}; the node's DTLS endpoint takes any free port (builds run side by side).
     */
    public static String minimal(Path dir, String serverUri) {
        return """
                [node]
                endpoint = "node-under-test"
                board = "simulated"
                data_dir = "%s"
                runtime_dir = "%s"

                [lwm2m]
                server_uri = "%s"
                security = "psk"
                local_port = 0

                [lwm2m.psk]
                identity = "node-under-test"
                key_file = "secrets/psk.hex"
                """.formatted(dir.resolve("data"), dir.resolve("run"), serverUri);
    }

    /**
     * Writes {@code text} as {@code streetnode.toml} in {@code dir}, with the PSK file it names
     * (mode 0600). Unless the text has its own {@code [shell]}, the test's own primary group is
     * the shell's maintenance and operator group, so a test run by an ordinary user (a
     * newcomer's machine) may use the agent's shell as root may.
     */
    public static Path write(Path dir, String text) throws IOException {
        writePsk(dir, PSK_HEX);
        Path file = dir.resolve("streetnode.toml");
        String shell = text.contains("[shell]") ? "" : "\n[shell]\n" + ownGroups();
        Files.writeString(file, text + shell, StandardCharsets.UTF_8);
        return file;
    }

    /** The shell's group keys naming the test's own primary group. */
    public static String ownGroups() {
        long gid = new com.sun.security.auth.module.UnixSystem().getGid();
        return "maintenance_group = \"" + gid + "\"\noperator_group = \"" + gid + "\"\n";
    }

    public static Path writePsk(Path dir, String hex) throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path key = secrets.resolve("psk.hex");
        Files.writeString(key, hex + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }
}
