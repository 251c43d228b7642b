package org.streetnode.agent.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Config files for tests: a valid minimal one, and a private PSK file beside it. */
public final class TestConfigs {
    public static final String ENDPOINT = "node-under-test";
    public static final String PSK_HEX = "00112233445566778899aabbccddeeff";

    private TestConfigs() {
    }

    /**
     * A valid config for the simulated board, with data and runtime directories inside
     * {@code dir}, registering with {@code serverUri} by the test PSK; the node's DTLS endpoint
     * takes any free port (builds run side by side). A test sets more on it.
     */
    public static ConfigText node(Path dir, String serverUri) {
        return ConfigText.simulatedNode(ENDPOINT).set("node", "data_dir", dir.resolve("data"))
                .set("node", "runtime_dir", dir.resolve("run"))
                .pskAccount("lwm2m", URI.create(serverUri), ENDPOINT).set("lwm2m", "local_port", 0);
    }

    /** {@link #node} as it is. */
    public static String minimal(Path dir, String serverUri) {
        return node(dir, serverUri).text();
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

    /** Writes {@code config} as {@link #write(Path, String)} does. */
    public static Path write(Path dir, ConfigText config) throws IOException {
        return write(dir, config.text());
    }

    public static Path writePsk(Path dir, String hex) throws IOException {
        Path key = dir.resolve(ConfigText.PSK_KEY_FILE);
        Files.createDirectories(key.getParent());
        Files.writeString(key, hex + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }
}
