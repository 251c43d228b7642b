package org.streetnode.agent.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.streetnode.agent.files.AtomicFile;

/** {@link PowerCutLayerIT}'s writer, run under the layer: one durable write, two that are not. */
public final class PowerCutWrites {
    private PowerCutWrites() {
    }

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        AtomicFile.write(tree.resolve("new/deeper/atomic.txt"), "durable".getBytes(StandardCharsets.UTF_8));
        Files.writeString(tree.resolve("plain.txt"), "not synced");
        Path undurable = Files.createDirectories(tree.resolve("undurable"));
        AtomicFile.write(undurable.resolve("file.txt"), "in a directory whose name was never synced".getBytes(StandardCharsets.UTF_8));
    }
}
