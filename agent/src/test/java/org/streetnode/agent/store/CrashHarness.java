package org.streetnode.agent.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link CrashChild} again and again on one store directory and kills it with SIGKILL
 * at random moments: during open and recovery, or after a random number of group commits. After
 * each kill the next child's open reports what survived, which must be everything the killed
 * child reported committed, as one run of seqs with value = seq, in the same epoch, with no alarm.
 */
public final class CrashHarness {
    /** What the cycles found. */
    public record Tally(int cycles, int killedDuringOpen, long committedReported, long lastSeq, List<String> failures) {
        @Override
        public String toString() {
            return String.format("%d cycles (%d killed while opening), %d readings committed, last seq %d, %d failures%s",
                    cycles, killedDuringOpen, committedReported, lastSeq, failures.size(),
                    failures.isEmpty() ? "" : ": " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    private final Path dir;
    private final Random random;
    private final long windowMillis;

    public CrashHarness(Path dir, long seed, long windowMillis) {
        this.dir = dir;
        this.random = new Random(seed);
        this.windowMillis = windowMillis;
    }

    public Tally run(int cycles) throws Exception {
        List<String> failures = new ArrayList<>();
        long reportedCommitted = 0;
        long epoch = -1;
        int killedDuringOpen = 0;
        long lastSeq = 0;
        for (int cycle = 1; cycle <= cycles + 1; cycle++) {
            Process child = start();
            try {
                BlockingQueue<String> lines = pump(child);
                boolean killEarly = random.nextInt(6) == 0 && cycle <= cycles;
                String open = killEarly ? lines.poll(random.nextInt(400), TimeUnit.MILLISECONDS)
                        : lines.poll(60, TimeUnit.SECONDS);
                if (open != null) {
                    String[] f = open.split(" ");
                    if (!f[0].equals("O")) {
                        failures.add("cycle " + cycle + ": unexpected first line " + open);
                    } else {
                        long e = Long.parseLong(f[1]);
                        lastSeq = Long.parseLong(f[2]);
                        if (epoch == -1) {
                            epoch = e;
                        } else if (e != epoch) {
                            failures.add("cycle " + cycle + ": epoch changed " + epoch + " -> " + e);
                        }
                        if (lastSeq < reportedCommitted) {
                            failures.add("cycle " + cycle + ": committed seq " + reportedCommitted + " lost, last is " + lastSeq);
                        }
                        if (!f[3].equals("none")) {
                            failures.add("cycle " + cycle + ": alarm " + f[3]);
                        }
                        if (!f[4].equals("ok")) {
                            failures.add("cycle " + cycle + ": " + f[4]);
                        }
                    }
                } else if (!killEarly) {
                    failures.add("cycle " + cycle + ": the child did not open the store");
                } else {
                    killedDuringOpen++;
                }
                if (cycle > cycles) {
                    child.destroyForcibly().waitFor();
                    break;
                }
                if (open != null) {
                    int commits = random.nextInt(8);
                    for (int i = 0; i < commits; i++) {
                        String line = lines.poll(30, TimeUnit.SECONDS);
                        if (line == null) {
                            break;
                        }
                        reportedCommitted = Math.max(reportedCommitted, Long.parseLong(line.substring(2)));
                    }
                    // a random moment within the next window or two
                    child.waitFor(random.nextInt((int) windowMillis * 2 + 1), TimeUnit.MILLISECONDS);
                }
                child.destroyForcibly().waitFor();
                String line;
                while ((line = lines.poll(200, TimeUnit.MILLISECONDS)) != null) {
                    if (line.startsWith("C ")) {
                        reportedCommitted = Math.max(reportedCommitted, Long.parseLong(line.substring(2)));
                    }
                }
            } finally {
                child.destroyForcibly();
            }
        }
        return new Tally(cycles, killedDuringOpen, reportedCommitted, lastSeq, failures);
    }

    private Process start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-Dtinylog.writer=console", "-Dtinylog.writer.stream=err",
                "-Dtinylog.writer.level=warn", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString(), Long.toString(windowMillis));
        Files.createDirectories(dir);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-stderr.log").toFile()));
        return pb.start();
    }

    /** Reads the child's stdout on a thread until the child dies. */
    private static BlockingQueue<String> pump(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("O ") || line.startsWith("C ")) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "crash-child-stdout");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** The soak: {@code CrashHarness DIR CYCLES [SEED]}; prints the tally. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        long started = System.nanoTime();
        Tally tally = new CrashHarness(dir, seed, 20).run(cycles);
        System.out.println("seed " + seed + ": " + tally + " in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
        System.exit(tally.failures().isEmpty() ? 0 : 1);
    }
}
