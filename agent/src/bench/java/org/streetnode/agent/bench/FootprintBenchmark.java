package org.streetnode.agent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/**
 * Whole-process footprint of the agent against a bare Leshan client with only a Device object
 * ({@link BareLeshanClient}), both started with the JVM flags of {@code deploy-scripts/streetnode},
 * both registering over DTLS-PSK with one embedded Leshan server on loopback, in the same run,
 * interleaved. The agent runs on one of two boards:
 *
 * <ul>
 * <li>{@code emulated-pi} (default): the {@code raspberry-pi} profile over the register-level
 * emulators with their inputs held still ({@link EmulatedPiNode}), so no simulated world is
 * counted: what a real node's agent costs. Started like the bare client, with the launcher's
 * flags and an archive of its own.</li>
 * <li>{@code simulated}: {@code streetnode run} on the simulated board, through the launcher itself
 * (its archive made by the launcher on the first run).</li>
 * </ul>
 *
 * <p>For each run: the time from starting the process to the server seeing the registration,
 * then the process's resident set ({@code VmRSS}) and the CPU time it used ({@code utime +
 * stime}) over the following {@code window} (60 s: nobody asks the node anything; the agent
 * samples its simulated board, both keep their DTLS endpoints). A first run of each primes its
 * start-up cache (the launcher's CDS archive; with {@code -Daot=true} JDK 25's AOT cache) and
 * is not counted.
 *
 * <p>Arguments: [RUNS (default 2)] [WINDOW_SECONDS (default 60)] [BOARD (default emulated-pi)]
 * [SETTLE_SECONDS (default 0): how long after the registration the window starts; the JIT
 * compiler's work on the first minute's paths is then behind it].
 * Prints a Markdown table, the medians, the ratios and CPU by thread.
 */
public final class FootprintBenchmark {
    /** The launcher's JVM flags, checked against {@code deploy-scripts/streetnode} at start. */
    static final List<String> LAUNCHER_FLAGS = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx128m", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10", "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=128m", "-XX:-UsePerfData",
            "-XX:+UnlockDiagnosticVMOptions", "-XX:AsyncDeflationInterval=0", "-XX:TrimNativeHeapInterval=30000",
            "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "-Xlog:cds=off");
    /** More JVM flags for both processes (FOOTPRINT_OPTS): to measure a flag on both before the launcher takes it. */
    static final List<String> EXTRA_FLAGS = List.of(System.getenv().getOrDefault("FOOTPRINT_OPTS", "").split("\\s+"))
            .stream().filter(f -> !f.isEmpty()).toList();
    private static final String KEY_HEX = TestConfigs.PSK_HEX;
    private static final long LIFETIME = 3600;

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work;
    private final int window;
    private final boolean emulatedPi;
    private final int settle;
    private final EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of());
    private final Map<String, CountDownLatch> registered = new ConcurrentHashMap<>();

    /** @param threads CPU seconds over the window by thread name (numbers in names folded), busiest first */
    record Run(String subject, long registeredMs, double startCpuSeconds, double rssMiB, double cpuSeconds,
            Map<String, Double> threads) {
    }

    private FootprintBenchmark(Path work, int window, boolean emulatedPi, int settle) {
        this.work = work;
        this.window = window;
        this.emulatedPi = emulatedPi;
        this.settle = settle;
        server.onRegistered(r -> registered.computeIfAbsent(r.getEndpoint(), e -> new CountDownLatch(1)).countDown());
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String board = args.length > 2 ? args[2] : "emulated-pi";
        int settle = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        if (!board.equals("emulated-pi") && !board.equals("simulated")) {
            System.err.println("footprint: board is emulated-pi or simulated, not " + board);
            System.exit(2);
        }
        Path work = Files.createTempDirectory("streetnode-footprint-");
        FootprintBenchmark b = new FootprintBenchmark(work, window, board.equals("emulated-pi"), settle);
        System.out.println("board: " + board + (EXTRA_FLAGS.isEmpty() ? "" : "; more flags on both: " + EXTRA_FLAGS)
                + (System.getenv("MALLOC_ARENA_MAX") == null ? "" : "; MALLOC_ARENA_MAX=" + System.getenv("MALLOC_ARENA_MAX")) + (settle > 0 ? "; the window starts " + settle + " s after the registration" : ""));
        try {
            b.checkLauncherFlags();
            List<Run> results = new ArrayList<>();
            Run bareCold = b.run("bare", 0, false);
            Run agentCold = b.run("agent", 0, false);
            System.out.printf("first starts, without a start-up cache (%s on Java %d): agent %d ms, bare %d ms%n",
                    Boolean.getBoolean("aot") ? "AOT cache" : "CDS archive", Runtime.version().feature(),
                    agentCold.registeredMs(), bareCold.registeredMs());
            for (int i = 1; i <= runs; i++) {
                results.add(b.run("bare", i, true));
                results.add(b.run("agent", i, true));
            }
            b.print(results, runs);
        } finally {
            b.server.close();
        }
    }

    private void checkLauncherFlags() throws IOException {
        String launcher = Files.readString(root.resolve("deploy-scripts/streetnode"));
        for (String flag : LAUNCHER_FLAGS) {
            String probe = flag.startsWith("-Xmx") ? "-Xmx${STREETNODE_HEAP:-128m}" : flag;
            if (!launcher.contains(probe)) {
                throw new IllegalStateException("deploy-scripts/streetnode no longer has " + flag + ": update the benchmark");
            }
        }
    }

    private Run run(String subject, int index, boolean measure) throws Exception {
        String endpoint = subject + "-" + index;
        server.allowPsk(endpoint, endpoint, HexFormat.of().parseHex(KEY_HEX));
        CountDownLatch latch = registered.computeIfAbsent(endpoint, e -> new CountDownLatch(1));
        Path cds = Files.createDirectories(work.resolve("cds"));
        long t0 = System.nanoTime();
        Process p = subject.equals("agent") ? startAgent(endpoint, cds) : startBare(endpoint, cds);
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(subject + " did not register within 60 s");
            }
            long registeredMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            double startCpu = cpuTicks(p.pid()) / 100.0; // what the start cost, whatever else the machine runs
            if (!measure) {
                return new Run(subject, registeredMs, startCpu, 0, 0, Map.of());
            }
            Thread.sleep(Duration.ofSeconds(settle));
            long cpu0 = cpuTicks(p.pid());
            Map<String, Long> threads0 = threadTicks(p.pid());
            Thread.sleep(Duration.ofSeconds(window));
            long cpu1 = cpuTicks(p.pid());
            Map<String, Long> threads1 = threadTicks(p.pid());
            double rss = rssKiB(p.pid()) / 1024.0;
            Map<String, Double> threads = new LinkedHashMap<>();
            threads1.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), (e.getValue() - threads0.getOrDefault(e.getKey(), 0L)) / 100.0))
                    .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> threads.put(e.getKey(), e.getValue()));
            Run r = new Run(subject, registeredMs, startCpu, rss, (cpu1 - cpu0) / 100.0, threads);
            System.err.println(r);
            return r;
        } finally {
            p.destroy();
            // a priming run writes its start-up cache as it exits (an AOT cache: seconds, in a child JVM)
            if (!p.waitFor(measure ? 10 : 180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process startAgent(String endpoint, Path cds) throws IOException {
        Path dir = Files.createDirectories(work.resolve(endpoint));
        TestConfigs.writePsk(dir, KEY_HEX);
        Path config = dir.resolve("streetnode.toml");
        Files.writeString(config, ConfigText.simulatedNode(endpoint).set("node", "board", emulatedPi ? "raspberry-pi" : "simulated")
                .pskAccount("lwm2m", server.coapsUri(), endpoint).set("lwm2m", "lifetime", LIFETIME + "s")
                .set("lwm2m", "local_port", 0).text(), StandardCharsets.UTF_8);
        if (emulatedPi) {
            return startWithLauncherFlags(dir, cds.resolve("emulated-pi"), nativeFlags(cds.resolve("natives")),
                    EmulatedPiNode.class, "run", "--config", config.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(root.resolve("deploy-scripts/streetnode").toString(), "run", "--config",
                config.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        pb.environment().put("STREETNODE_JAR", root.resolve("agent/target/streetnode.jar").toString());
        pb.environment().put("STREETNODE_CDS_DIR", cds.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("STREETNODE_JAVA_OPTS", String.join(" ", EXTRA_FLAGS));
        return pb.start();
    }

    private Process startBare(String endpoint, Path cds) throws IOException {
        return startWithLauncherFlags(Files.createDirectories(work.resolve(endpoint)), cds.resolve("bare-client"),
                List.of(), BareLeshanClient.class, server.coapsUri().toString(), endpoint, endpoint, KEY_HEX, Long.toString(LIFETIME));
    }

    /**
     * The start-up cache the launcher gives {@code streetnode run}: a dynamic CDS archive, made
     * as the first (priming) run exits. With {@code -Daot=true}, JDK 25's ahead-of-time cache
     * instead (the launcher does not use it; BENCHMARKS.md says why).
     */
    private static List<String> archiveFlags(Path base) {
        if (Boolean.getBoolean("aot")) {
            Path cache = Path.of(base + ".aot");
            return List.of(Files.exists(cache) ? "-XX:AOTCache=" + cache : "-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off");
        }
        return List.of("-XX:SharedArchiveFile=" + base + ".jsa", "-XX:+AutoCreateSharedArchive", "-Xlog:cds+dynamic=off");
    }

    /**
     * What the launcher gives the agent for its native libraries: loaded from the cache directory,
     * unpacked there by the first start (the bare client loads none).
     */
    private static List<String> nativeFlags(Path natives) {
        List<String> flags = new ArrayList<>(List.of("-Dorg.sqlite.lib.path=" + natives,
                "-Dorg.sqlite.lib.name=libsqlitejdbc.so", "-Djna.boot.library.path=" + natives, "-Djna.nosys=true"));
        flags.add(Files.isDirectory(natives) ? "-Djna.nounpack=true" : "-Dstreetnode.natives=" + natives);
        return flags;
    }

    /** {@code main} of a benchmark class, on the jar and the benchmark classes, with the launcher's flags and an archive of its own. */
    private Process startWithLauncherFlags(Path dir, Path archive, List<String> natives, Class<?> main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(LAUNCHER_FLAGS);
        cmd.addAll(archiveFlags(archive));
        cmd.addAll(natives);
        cmd.addAll(EXTRA_FLAGS);
        // The benchmark's classes in a jar of their own: the JVM archives no class path with a directory on it.
        // The jar's manifest exports sun.nio.ch to the agent (the shell's SO_PEERCRED); from a class path, this does.
        cmd.addAll(List.of("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-cp",
                root.resolve("agent/target/streetnode.jar") + ":" + root.resolve("agent/target/footprint-bench.jar"),
                main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** utime + stime of each thread, summed by name with digits folded ("sensor-air", "CoapServer(main)#"). */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("\\d+", "#");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    private void print(List<Run> results, int runs) throws IOException {
        Map<String, List<Run>> by = new LinkedHashMap<>();
        results.forEach(r -> by.computeIfAbsent(r.subject(), s -> new ArrayList<>()).add(r));
        System.out.println("| subject | run | JVM start to registered (ms) | CPU to registered (s) | RSS after " + (settle + window) + " s (MiB) | CPU over "
                + window + " s idle (s) |");
        System.out.println("|---|---|---|---|---|---|");
        for (Run r : results) {
            System.out.printf("| %s | %d | %d | %.2f | %.1f | %.2f |%n", r.subject(), results.indexOf(r) / 2 + 1,
                    r.registeredMs(), r.startCpuSeconds(), r.rssMiB(), r.cpuSeconds());
        }
        double bareRss = median(by.get("bare").stream().mapToDouble(Run::rssMiB).toArray());
        double agentRss = median(by.get("agent").stream().mapToDouble(Run::rssMiB).toArray());
        double bareCpu = median(by.get("bare").stream().mapToDouble(Run::cpuSeconds).toArray());
        double agentCpu = median(by.get("agent").stream().mapToDouble(Run::cpuSeconds).toArray());
        double agentReg = median(by.get("agent").stream().mapToDouble(Run::registeredMs).toArray());
        double bareReg = median(by.get("bare").stream().mapToDouble(Run::registeredMs).toArray());
        System.out.printf("%nmedians over %d runs: registered %.0f ms (bare %.0f ms); RSS %.1f MiB vs %.1f MiB = %.2fx; "
                + "idle CPU %.2f s vs %.2f s = %.2fx%n", runs, agentReg, bareReg, agentRss, bareRss, agentRss / bareRss,
                agentCpu, bareCpu, bareCpu == 0 ? Double.NaN : agentCpu / bareCpu);
        double agentStartCpu = median(by.get("agent").stream().mapToDouble(Run::startCpuSeconds).toArray());
        double bareStartCpu = median(by.get("bare").stream().mapToDouble(Run::startCpuSeconds).toArray());
        System.out.printf("start to registered %.2fx the bare client's; CPU to registered %.2f s vs %.2f s = %.2fx%n",
                agentReg / bareReg, agentStartCpu, bareStartCpu, agentStartCpu / bareStartCpu);
        System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).strip());
        for (Run r : results) {
            System.out.println(r.subject() + " threads (CPU s over the window): " + r.threads());
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
