package org.streetnode.agent.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.streetnode.agent.files.AtomicFile;

/**
 * Everything {@code streetnode demo} needs in a throw-away directory: a fresh random PSK (mode
 * 0600), and a {@code streetnode.toml} for the simulated board that points at the embedded
 * server. The agent then loads that file like any other: the demo runs the real code path.
 */
public record DemoSetup(Path directory, Path configFile, String endpoint, String identity, byte[] key) {

    public static DemoSetup create(Path directory, String serverUri) throws IOException {
        String endpoint = "streetnode-demo";
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        AtomicFile.writePrivate(directory.resolve("secrets/psk.hex"), HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        Path config = directory.resolve("streetnode.toml");
        AtomicFile.write(config, """
                # Written by `streetnode demo` for this run only.
                [node]
                endpoint = "%s"
                board = "simulated"
                data_dir = "data"
                runtime_dir = "run"

                [lwm2m]
                server_uri = "%s"
                security = "psk"
                lifetime = "5m"
                local_port = 0

                [lwm2m.psk]
                identity = "%s"
                key_file = "secrets/psk.hex"

                [sampling]
                period = "5s"

                [store]
                # commit (and so deliver) every 2 s: a demo should show readings arriving
                commit_window = "2s"

                [delivery]
                max_replay_start_delay = "0s"

                [shell]
                # the demo's shell is for whoever runs the demo: their own group reads and acts
                maintenance_group = "%d"
                operator_group = "%d"
                """.formatted(endpoint, serverUri, endpoint, ownGroup(directory), ownGroup(directory)).getBytes(StandardCharsets.UTF_8));
        return new DemoSetup(directory, config, endpoint, endpoint, key);
    }

    /** The group of the directory the demo just created: the group of the user running it. */
    private static int ownGroup(Path directory) throws IOException {
        return (int) Files.getAttribute(directory, "unix:gid");
    }
}
