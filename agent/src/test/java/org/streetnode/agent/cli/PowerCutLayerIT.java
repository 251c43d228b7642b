package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut layer itself: what a process wrote under it without fsync is gone after the cut,
 * what it made durable is there; and {@link org.streetnode.agent.files.AtomicFile} is durable
 * under it, new directories included (the store directory was not, before they were created
 * through it). Needs a C compiler, as {@link PowerCutIT}.
 */
class PowerCutLayerIT {
    @TempDir
    Path dir;
    private Path tree;
    private PowerCutLayer layer;

    @BeforeEach
    void build() throws Exception {
        tree = Files.createDirectories(dir.resolve("tree"));
        PowerCutLayer.Result built = PowerCutLayer.build(dir, tree, dir.resolve("shadow"));
        PowerCutLayer.skipUnlessBuilt(built.layer().isPresent(), built.reason());
        layer = built.layer().get();
        Files.writeString(tree.resolve("old.txt"), "before the run");
        layer.baseline();
    }

    @Test
    void whatWasNotSyncedIsGoneAfterTheCut() throws Exception {
        // dash and coreutils: sync FILE and sync DIR call fsync on them
        run(List.of("sh", "-c", "mkdir kept && echo synced > kept/a && sync kept/a kept . && mkdir lost && echo unsynced > kept/b"
                + " && echo appended >> kept/a && echo lost > lost/c && echo changed > old.txt"));
        assertThat(tree.resolve("kept/a")).hasContent("synced");
        assertThat(tree.resolve("kept/b")).doesNotExist();
        assertThat(tree.resolve("lost")).doesNotExist(); // its name in the tree was never synced
        assertThat(tree.resolve("old.txt")).hasContent("before the run");
    }

    @Test
    void atomicFileWritesSurviveTheCutWithTheDirectoriesTheyCreated() throws Exception {
        run(javaWriter());
        assertThat(tree.resolve("new/deeper/atomic.txt")).hasContent("durable");
        assertThat(tree.resolve("plain.txt")).doesNotExist();
        // a directory made with Files.createDirectories, then written into with AtomicFile: the
        // file was synced, and so was its directory, but not the directory's own name
        assertThat(tree.resolve("undurable")).doesNotExist();
    }

    private List<String> javaWriter() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), PowerCutWrites.class.getName(), tree.toString());
    }

    /** Runs {@code command} in the tree under the layer to its end, then cuts the power. */
    private void run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true);
        pb.environment().putAll(layer.environment());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        List<String> problems = layer.cut();
        assertThat(problems).as("what the layer could not follow").isEmpty();
    }
}
