package org.streetnode.agent.lighting.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counters survive kill -9: a child JVM ({@link CounterCrashChild}) counts and writes as fast as
 * it can and is killed with {@code destroyForcibly} (SIGKILL) at a random moment, five times
 * over. Each time the file must read back (never torn), hold at least what the child last
 * reported written, and be what the next child starts from.
 */
class CounterCrashTest {
    private static final int CYCLES = 5;

    @TempDir
    Path dir;

    @Test
    void countersSurviveKillMinus9() throws Exception {
        SplittableRandom random = new SplittableRandom(6);
        Counters before = Counters.ZERO;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Process child = start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread pump = Thread.ofVirtual().start(() -> pump(child, lines));
            try {
                awaitSaves(child, lines, 3, Duration.ofSeconds(20));
                Thread.sleep(random.nextInt(20, 300)); // somewhere in the middle of a write, or not
            } finally {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(5000);

            assertThat(lines.getFirst()).as("cycle %d starts from the file", cycle).isEqualTo("loaded " + CounterCrashChild.line(before));
            String lastReported = lines.reversed().stream().filter(l -> l.startsWith("saved ")).findFirst().orElseThrow();
            Counters found = new CounterStore(dir).load();
            assertNoQuarantine();
            long reportedMillis = Long.parseLong(lastReported.split(" ")[1]);
            assertThat(found.burningMillis()).as("cycle %d: at least what was reported written", cycle)
                    .isGreaterThanOrEqualTo(reportedMillis).isGreaterThan(before.burningMillis());
            assertThat(found.switchCount()).isGreaterThanOrEqualTo(before.switchCount());
            assertThat(found.energyWh()).isGreaterThan(before.energyWh());
            before = found;
        }
    }

    private Process start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dtinylog.writer.level=off", "-cp", System.getProperty("java.class.path"),
                CounterCrashChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void pump(Process child, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (java.io.IOException e) {
            // killed
        }
    }

    private static void awaitSaves(Process child, List<String> lines, int saves, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (lines.stream().filter(l -> l.startsWith("saved ")).count() < saves) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the child did not report " + saves + " saves: " + lines);
            }
            Thread.sleep(5);
        }
    }

    private void assertNoQuarantine() throws Exception {
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".corrupt-"));
        }
    }
}
