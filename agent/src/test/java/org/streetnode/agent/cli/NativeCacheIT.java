package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.supervision.NotifyReceiver;

/**
 * The launcher's native libraries: unpacked once into its cache directory, loaded from there on
 * every later start, and nothing unpacked into the temporary directories (the JVM's, and JNA's
 * under the XDG cache) any more.
 */
class NativeCacheIT {
    @TempDir
    Path dir;

    @Test
    void theSecondStartLoadsSqliteAndJnaFromTheCacheAndWritesNothingToTheTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path xdg = Files.createDirectories(dir.resolve("xdg"));
        Path config = TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:9"));

        List<String> first = startAndReadMaps(config, tmp, xdg);
        Path natives = onlyNativesDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(natives))).isEqualTo("rwxr-xr-x");
        assertThat(first).as("the first start unpacks before it loads").anyMatch(l -> l.endsWith(natives + "/libsqlitejdbc.so"));
        clear(tmp);
        clear(xdg);

        List<String> second = startAndReadMaps(config, tmp, xdg);
        assertThat(second).anyMatch(l -> l.endsWith(natives + "/libsqlitejdbc.so"))
                .anyMatch(l -> l.endsWith(natives + "/libjnidispatch.so"));
        assertThat(onlyNativesDirectory()).isEqualTo(natives);
        assertThat(entries(tmp)).as("written into java.io.tmpdir").isEmpty();
        assertThat(entries(xdg)).as("written into JNA's temporary directory").isEmpty();
    }

    @Test
    void aCacheWritableByOthersIsNotLoadedFrom() throws Exception {
        Path jar = Path.of(System.getProperty("streetnode.jar"));
        String stamp = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toInstant().getEpochSecond();
        Path natives = Files.createDirectories(dir.resolve("cds").resolve("natives-" + stamp));
        Files.setPosixFilePermissions(natives, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://127.0.0.1:9"));

        AgentProcess agent = AgentProcess.run(dir, Duration.ofSeconds(60), "run", "--config", config.toString(), "--for", "2s");

        assertThat(agent.exitCode()).as(agent.stderr()).isZero();
        assertThat(agent.stderr()).contains("streetnode: natives: " + natives + " is writable by others");
        assertThat(entries(natives)).as("nothing unpacked into it").isEmpty();
    }

    /** Starts {@code streetnode run} as systemd would (JNA sends READY=1), returns its mapped files once ready, stops it. */
    private List<String> startAndReadMaps(Path config, Path tmp, Path xdg) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify-" + System.nanoTime()))) {
            Map<String, String> env = Map.of("NOTIFY_SOCKET", systemd.path().toString(), "TMPDIR", tmp.toString(),
                    "XDG_CACHE_HOME", xdg.toString(), "STREETNODE_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
            try (AgentProcess agent = AgentProcess.start(dir, env, List.of(), "run", "--config", config.toString())) {
                systemd.await("READY=1\nSTATUS=running: endpoint node-under-test", Duration.ofSeconds(60));
                List<String> maps = Files.readAllLines(Path.of("/proc/" + agent.pid() + "/maps"));
                agent.signal("TERM");
                assertThat(agent.waitForExit(Duration.ofSeconds(60))).as(agent.stderr()).isZero();
                return maps;
            }
        }
    }

    private Path onlyNativesDirectory() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("cds"))) {
            List<Path> natives = s.filter(p -> p.getFileName().toString().startsWith("natives-")).toList();
            assertThat(natives).hasSize(1);
            return natives.get(0);
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    private static void clear(Path dir) throws IOException {
        for (Path p : entries(dir).reversed()) {
            Files.delete(p);
        }
    }
}
