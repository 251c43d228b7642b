package org.streetnode.agent.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;

/**
 * The whole agent under kill -9: {@code streetnode run} (the packaged jar through the launcher)
 * on the simulated board, every sensor read every 100 ms (120 readings a second), committing
 * every 250 ms, sending to a real Leshan server in this JVM, killed with SIGKILL at random
 * moments and started again, cycle after cycle. One cycle in ten starts with the server refusing the node for 3 to 8 s, so that it
 * is killed while it replays a backlog of a few batches, as after an outage.
 *
 * <p>After every run the {@link BufferOracle} compares the store's files with what the server
 * received; and at the end, the readings one run had delivered that arrived again after its
 * kill must be at most one batch ({@code max_batch_readings}).
 */
public final class KillSoak {
    static final String ENDPOINT = "soak-node";
    /** The soak's {@code max_batch_readings}: the most one kill may make the node send twice. */
    static final int MAX_BATCH = 320;
    private static final Duration REGISTRATION_LIMIT = Duration.ofSeconds(90);

    /** What the cycles found. */
    public record Tally(int cycles, int killedBeforeRegistering, int afterOutage, long committed, long acknowledged,
            long stillBuffered, long duplicates, long maxResentPerKill, long resentWithinRun, Duration agentTime,
            List<String> violations, Duration took) {
        @Override
        public String toString() {
            return String.format("%d cycles (%d killed before registering, %d replaying after an outage): %d readings"
                    + " committed, %d acknowledged, %d still buffered (%.0f a second of the agent's %d s); %d duplicates, at most %d per kill (bound %d), %d resent within a run;"
                    + " %d violations in %d s%s",
                    cycles, killedBeforeRegistering, afterOutage, committed, acknowledged, stillBuffered,
                    committed / Math.max(1.0, agentTime.toMillis() / 1000.0), agentTime.toSeconds(), duplicates, maxResentPerKill,
                    MAX_BATCH, resentWithinRun, violations.size(), took.toSeconds(),
                    violations.isEmpty() ? "" : ":\n  " + String.join("\n  ", violations.subList(0, Math.min(20, violations.size()))));
        }
    }

    private final Path dir;
    private final Random random;
    private final ServerLedger ledger = new ServerLedger();
    private final AtomicInteger registrations = new AtomicInteger();
    private final List<String> violations = new ArrayList<>();
    private final BufferOracle oracle;
    /** How long the agent processes ran, all runs together. */
    private long agentNanos;

    public KillSoak(Path dir, long seed) {
        this.dir = dir;
        this.random = new Random(seed);
        this.oracle = new BufferOracle(ledger, dir.resolve("data/store"), dir.resolve("scratch"), violations);
    }

    public Tally run(int cycles) throws Exception {
        return run(cycles, Duration.ofDays(365));
    }

    /** At most {@code cycles} kills, and none begun after {@code limit}: the tally says how many ran. */
    public Tally run(int cycles, Duration limit) throws Exception {
        long started = System.nanoTime();
        int ran;
        int early = 0;
        int outages = 0;
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of())
                .allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX))) {
            server.onReadings(ledger::record);
            server.onRegistered(r -> registrations.incrementAndGet());
            Path config = TestConfigs.write(dir, config(server.coapsUri(), board()));
            // a first run stopped cleanly: it makes the store and the launcher's class-data archive
            // (written at a clean exit only), so later starts are as quick as on a node
            runAndStop(config, 0, Duration.ofSeconds(3));
            int cycle = 1;
            for (; cycle <= cycles && System.nanoTime() - started < limit.toNanos(); cycle++) {
                ledger.startRun(cycle);
                int before = registrations.get();
                int kind = random.nextInt(10);
                boolean outage = kind == 0;
                if (outage) {
                    outages++;
                    server.forget(ENDPOINT); // refused: what it takes meanwhile is a backlog of a few batches
                }
                try (AgentProcess agent = start(config)) {
                    if (kind <= 2 && !outage) {
                        early++;
                        Thread.sleep(random.nextInt(2501)); // starting, recovering, registering
                    } else {
                        if (outage) {
                            Thread.sleep(3000 + random.nextInt(5001));
                            server.allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
                        }
                        if (awaitRegistration(before, agent, cycle)) {
                            // sending live, replaying; after an outage, while the backlog goes out
                            Thread.sleep(random.nextInt(outage ? 401 : 3001));
                        }
                    }
                    agent.close(); // SIGKILL
                    agent.waitForExit(Duration.ofSeconds(30));
                    ended(cycle, agent);
                }
                oracle.check("run " + cycle);
            }
            ran = cycle - 1;
            ledger.startRun(ran + 1);
            runAndStop(config, ran + 1, Duration.ofSeconds(5));
        }
        if (ledger.maxResentPerKill() > MAX_BATCH) {
            ledger.resentByRun().forEach((run, n) -> {
                if (n > MAX_BATCH) {
                    violations.add("run " + run + ": " + n + " of its delivered readings were sent again after its kill (more than a batch)");
                }
            });
        }
        return new Tally(ran, early, outages, oracle.committed(), oracle.acknowledged(), oracle.stillBuffered(),
                ledger.duplicates(), ledger.maxResentPerKill(), ledger.resentWithinRun(), Duration.ofNanos(agentNanos),
                List.copyOf(violations),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** A run that ends with SIGTERM after {@code sending} of registered time; then the usual checks. */
    private void runAndStop(Path config, int run, Duration sending) throws Exception {
        int before = registrations.get();
        try (AgentProcess agent = start(config)) {
            if (awaitRegistration(before, agent, run)) {
                Thread.sleep(sending.toMillis());
            }
            agent.signal("TERM");
            int code = agent.waitForExit(Duration.ofSeconds(30));
            ended(run, agent);
            if (code != 0) {
                violations.add("run " + run + ": a clean stop exited with " + code);
            }
        }
        oracle.check("run " + run);
    }

    private AgentProcess start(Path config) throws IOException {
        agentNanos -= System.nanoTime();
        return AgentProcess.start(dir, "run", "--config", config.toString());
    }

    private void ended(int run, AgentProcess agent) throws IOException {
        agentNanos += System.nanoTime();
        Files.writeString(dir.resolve("agent-stderr.log"), "---- run " + run + "\n" + agent.stderr() + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private boolean awaitRegistration(int before, AgentProcess agent, int run) throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_LIMIT.toNanos();
        while (registrations.get() == before) {
            if (System.nanoTime() > deadline) {
                violations.add("run " + run + ": not registered within " + REGISTRATION_LIMIT + "; stderr: " + tail(agent.stderr()));
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    static String tail(String text) {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }

    /** The simulated board with every sensor read at the [sampling] period: 12 readings a round. */
    private Path board() throws IOException {
        String builtin;
        try (var in = KillSoak.class.getResourceAsStream("/defaults/boards/simulated.toml")) {
            builtin = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path board = dir.resolve("soak-board.toml");
        Files.writeString(board, builtin.replaceAll("(?m)^period = .*$", ""), StandardCharsets.UTF_8);
        return board;
    }

    private ConfigText config(URI serverUri, Path board) {
        return ConfigText.simulatedNode(ENDPOINT).set("node", "board", board).set("node", "data_dir", dir.resolve("data"))
                .set("node", "runtime_dir", dir.resolve("run")).pskAccount("lwm2m", serverUri, ENDPOINT)
                .set("lwm2m", "local_port", 0).set("lwm2m", "lifetime", "5m")
                .set("lwm2m.retry", "attempts", 1).set("lwm2m.retry", "first_wait", "1s")
                .set("lwm2m.retry", "sequence_wait", "2s").set("lwm2m.retry", "sequences", 1000)
                .set("sampling", "period", "100ms").set("sampling", "stuck_samples", 0)
                .set("store", "commit_window", "250ms").set("store", "quota", "256MB")
                .set("delivery", "max_batch_readings", MAX_BATCH).set("delivery", "replay_readings_per_second", 0)
                .set("delivery", "replay_bytes_per_second", 0).set("delivery", "max_replay_start_delay", "0s")
                .set("delivery", "initial_backoff", "1s").set("delivery", "max_backoff", "5s");
    }

    /**
     * The soak: {@code KillSoak DIR CYCLES [SEED [MINUTES]]} (at most MINUTES of cycles) with
     * {@code -Dstreetnode.launcher=...} and {@code -Dstreetnode.jar=...}; prints the tally,
     * exits 1 on any violation.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Duration limit = args.length > 3 ? Duration.ofMinutes(Long.parseLong(args[3])) : Duration.ofDays(365);
        Tally tally = new KillSoak(dir, seed).run(cycles, limit);
        System.out.println("seed " + seed + ": " + tally);
        System.exit(tally.violations().isEmpty() ? 0 : 1);
    }
}
