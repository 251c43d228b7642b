package org.streetnode.agent.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.streetnode.agent.config.ConfigText;
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
        AtomicFile.writePrivate(directory.resolve(ConfigText.PSK_KEY_FILE), HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
        Path config = directory.resolve("streetnode.toml");
        int ownGroup = ownGroup(directory);
        ConfigText text = ConfigText.simulatedNode(endpoint).heading("Written by `streetnode demo` for this run only.")
                .pskAccount("lwm2m", URI.create(serverUri), endpoint)
                .set("lwm2m", "lifetime", "5m").set("lwm2m", "local_port", 0)
                .comment("sampling", "The demo's clock runs up to 120 times faster than real time, but a sensor read takes")
                .comment("sampling", "real time: a read may take up to a minute of demo time (0.5 s at 120x) before it counts")
                .comment("sampling", "as hung. The periods are demo time: once a minute, 10 s for light, lamp power and presence.")
                .set("sampling", "timeout", "1m")
                .comment("store", "commit (and so deliver) every 2 s: a demo should show readings arriving")
                .set("store", "commit_window", "2s")
                .set("delivery", "max_replay_start_delay", "0s")
                .comment("shell", "the demo's shell is for whoever runs the demo: their own group reads and acts")
                .set("shell", "maintenance_group", Integer.toString(ownGroup))
                .set("shell", "operator_group", Integer.toString(ownGroup));
        AtomicFile.write(config, text.text().getBytes(StandardCharsets.UTF_8));
        return new DemoSetup(directory, config, endpoint, endpoint, key);
    }

    /** The group of the directory the demo just created: the group of the user running it. */
    private static int ownGroup(Path directory) throws IOException {
        return (int) Files.getAttribute(directory, "unix:gid");
    }
}
