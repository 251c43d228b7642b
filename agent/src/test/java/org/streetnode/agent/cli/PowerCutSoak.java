package org.streetnode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lwm2m.BootstrapServerFixture;

/**
 * The whole agent under power cuts: {@code streetnode run} (the packaged jar through the
 * launcher) on the simulated board under {@link PowerCutLayer}, which keeps what was made
 * durable by fsync. At a random moment the agent is killed and its data directory put back to
 * what was durable: every write not yet synced is gone, as after a power cut. Then it starts
 * again, and again, cut after cut.
 *
 * <p>What the platform was told must hold after every cut:
 * <ul>
 *   <li>the buffer, as {@link BufferOracle} judges it: nothing committed lost, no seq that
 *       reached the server given again, the epoch kept;</li>
 *   <li>where the node got its server account from a bootstrap server on its first start
 *       ({@link Accounts#BOOTSTRAPPED}, {@code lwm2m-accounts.json}): once that bootstrap
 *       finished, it never asks again;</li>
 *   <li>the lighting program the platform last wrote (/33101/0/0) and saw acknowledged with
 *       2.04 ({@code lighting.json}) is in force after the cut (or the one being written at the
 *       moment of the cut, if that one got through);</li>
 *   <li>no file of the data directory is found damaged and moved aside (lamp counters, lighting
 *       state, accounts, store), and the layer saw every file it was asked to sync being created.</li>
 * </ul>
 */
public final class PowerCutSoak {
    static final String ENDPOINT = "cut-node";
    private static final byte[] BS_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    private static final byte[] DM_KEY = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    private static final String DM_IDENTITY = "cut-node-dm";
    private static final Duration REGISTRATION_LIMIT = Duration.ofSeconds(90);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the cuts found. */
    public record Tally(int cuts, long committed, long acknowledged, long stillBuffered, int programsAcknowledged,
            int programsChecked, int countersChecked, int bootstraps, List<String> violations, Duration took) {
        @Override
        public String toString() {
            return String.format("%d power cuts: %d readings committed, %d acknowledged, %d still buffered; %d lighting programs"
                    + " acknowledged, the last one checked in force after %d restarts; lamp counters checked on disk after %d cuts;"
                    + " %d bootstrap sessions; %d violations in %d s%s",
                    cuts, committed, acknowledged, stillBuffered, programsAcknowledged, programsChecked, countersChecked,
                    bootstraps, violations.size(),
                    took.toSeconds(),
                    violations.isEmpty() ? "" : ":\n  " + String.join("\n  ", violations.subList(0, Math.min(20, violations.size()))));
        }
    }

    private final Path dir;
    private final Path data;
    private final Random random;
    private final PowerCutLayer layer;
    private final Accounts accounts;
    private final ServerLedger ledger = new ServerLedger();
    private final AtomicInteger registrations = new AtomicInteger();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final BufferOracle oracle;
    private final AtomicInteger programs = new AtomicInteger();
    private int programsChecked;
    /** The program the platform last saw acknowledged, and one whose write the cut may have caught. */
    private volatile Optional<String> acknowledged = Optional.empty();
    private volatile Optional<String> inFlight = Optional.empty();
    /** The lamp counters the last cut left on disk. */
    private Optional<JsonNode> counters = Optional.empty();
    private int countersChecked;
    /** Bootstrap sessions the server had finished when the power went. */
    private int bootstrapsBeforeCut;

    /** Builds the layer with {@code cc}; empty, with the reason, when it cannot be built here. */
    static Result prepare(Path dir, long seed, Accounts accounts) throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("data"));
        PowerCutLayer.Result built = PowerCutLayer.build(dir, data, dir.resolve("shadow"));
        return new Result(built.layer().map(l -> new PowerCutSoak(dir, seed, l, accounts)), built.reason());
    }

    /** The soak, or why there is none. */
    record Result(Optional<PowerCutSoak> soak, String reason) {}

    /** Where the node's server account comes from. */
    enum Accounts {
        /** From its config. */
        CONFIGURED,
        /** From a bootstrap server on its first start, then kept in {@code lwm2m-accounts.json}. */
        BOOTSTRAPPED
    }

    private PowerCutSoak(Path dir, long seed, PowerCutLayer layer, Accounts accounts) {
        this.dir = dir;
        this.accounts = accounts;
        this.data = dir.resolve("data");
        this.random = new Random(seed);
        this.layer = layer;
        this.oracle = new BufferOracle(ledger, data.resolve("store"), dir.resolve("scratch"), violations);
    }

    public Tally run(int cuts) throws Exception {
        try (EmbeddedLwm2mServer dm = EmbeddedLwm2mServer.start(List.of()).allowPsk(ENDPOINT, DM_IDENTITY, DM_KEY)) {
            if (accounts == Accounts.CONFIGURED) {
                return run(cuts, dm, Optional.empty());
            }
            try (BootstrapServerFixture bs = BootstrapServerFixture.start(0, ENDPOINT, ENDPOINT, BS_KEY)) {
                bs.provision(ENDPOINT, ENDPOINT, BS_KEY, dm.coapsUri(), DM_IDENTITY, DM_KEY);
                return run(cuts, dm, Optional.of(bs));
            }
        }
    }

    private Tally run(int cuts, EmbeddedLwm2mServer dm, Optional<BootstrapServerFixture> bs) throws Exception {
        long started = System.nanoTime();
        dm.onReadings(ledger::record);
        dm.onRegistered(r -> registrations.incrementAndGet());
        Path config = config(dm, bs);
        layer.baseline();
        for (int cut = 1; cut <= cuts + 1; cut++) {
            String run = "run " + cut;
            ledger.startRun(cut);
            int before = registrations.get();
            try (AgentProcess agent = AgentProcess.start(dir, layer.environment(), List.of(), "run", "--config",
                    config.toString())) {
                boolean early = cut > 1 && cut <= cuts && random.nextInt(5) == 0;
                if (early) {
                    Thread.sleep(random.nextInt(2501)); // starting, recovering, registering
                } else if (registered(before, agent, run)) {
                    afterStart(dm, bs, run);
                    if (cut > cuts) {
                        agent.signal("TERM");
                        agent.waitForExit(Duration.ofSeconds(30));
                        log(run, agent);
                        break;
                    }
                    if (cut == 1) {
                        firstReadings(); // a new node, cut as soon as the platform has its first readings
                    } else {
                        // most runs a few seconds, some long enough for the lamp counters to be saved
                        writePrograms(dm, Duration.ofMillis(random.nextInt(5) == 0 ? 10_000 + random.nextInt(5001)
                                : random.nextInt(4001)));
                    }
                }
                bootstrapsBeforeCut = bs.map(b -> b.finished.get()).orElse(0);
                agent.close(); // the power goes
                agent.waitForExit(Duration.ofSeconds(30));
                log(run, agent);
            }
            for (String p : layer.cut()) {
                violations.add(run + ": the power-cut layer could not follow: " + p);
            }
            oracle.check(run + " (after the cut)");
            counters(run + " (after the cut)");
        }
        oracle.check("after the last run");
        damaged("after the last run");
        return new Tally(cuts, oracle.committed(), oracle.acknowledged(), oracle.stillBuffered(), programs.get(), programsChecked,
                countersChecked, bs.map(b -> b.finished.get()).orElse(0), List.copyOf(violations),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private boolean registered(int before, AgentProcess agent, String run) throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_LIMIT.toNanos();
        while (registrations.get() == before) {
            if (System.nanoTime() > deadline || !agent.alive()) {
                violations.add(run + ": not registered within " + REGISTRATION_LIMIT + "; stderr: " + KillSoak.tail(agent.stderr()));
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Once registered after a cut: the node kept its account and its program, and nothing was damaged. */
    private void afterStart(EmbeddedLwm2mServer dm, Optional<BootstrapServerFixture> bootstrap, String run) throws Exception {
        if (bootstrap.isPresent()) {
            AtomicInteger finished = bootstrap.get().finished;
            for (int i = 0; i < 100 && finished.get() == 0; i++) {
                Thread.sleep(20); // the bootstrap server may hear the end of the session after the node registered
            }
            if (bootstrapsBeforeCut > 0 && finished.get() > bootstrapsBeforeCut) {
                violations.add(run + ": the node bootstrapped again: the server account a bootstrap server gave it before"
                        + " the cut (lwm2m-accounts.json) did not survive it");
            }
        }
        damaged(run);
        if (acknowledged.isEmpty()) {
            return;
        }
        ReadResponse r = dm.send(ENDPOINT, new ReadRequest(33101, 0, 0), REQUEST_TIMEOUT.toMillis());
        if (r == null || !r.isSuccess()) {
            violations.add(run + ": cannot read the lighting program: " + r);
            return;
        }
        String inForce = (String) ((LwM2mSingleResource) r.getContent()).getValue();
        programsChecked++;
        if (!inForce.equals(acknowledged.get()) && !Optional.of(inForce).equals(inFlight)) {
            violations.add(run + ": the lighting program in force is \"" + inForce + "\", but the platform's last write"
                    + " acknowledged before the cut was \"" + acknowledged.get() + "\"");
        }
        acknowledged = Optional.of(inForce);
        inFlight = Optional.empty();
    }

    /** Waits until the platform has the node's first readings. */
    private void firstReadings() throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_LIMIT.toNanos();
        while (ledger.receipts() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Writes a new program now and then, until {@code life} is over; the cut may catch one on its way. */
    private void writePrograms(EmbeddedLwm2mServer dm, Duration life) throws InterruptedException {
        long end = System.nanoTime() + life.toNanos();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Thread.sleep(random.nextInt(701));
                    String program = "dusk+" + (1 + random.nextInt(59)) + "m " + (50 + random.nextInt(51)) + ", 23:"
                            + (10 + random.nextInt(50)) + " 40, dawn-10m off";
                    inFlight = Optional.of(program);
                    WriteResponse w = dm.send(ENDPOINT, new WriteRequest(33101, 0, 0, program), REQUEST_TIMEOUT.toMillis());
                    if (w != null && w.isSuccess()) {
                        acknowledged = Optional.of(program);
                        inFlight = Optional.empty();
                        programs.incrementAndGet();
                    } else if (w != null) {
                        violations.add("program write refused: " + w);
                        inFlight = Optional.empty();
                    }
                }
            } catch (InterruptedException e) {
                // the run is over
            } catch (RuntimeException e) {
                // the node went away mid-request: its write may or may not have been applied
            }
        });
        Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
        writer.interrupt();
        writer.join();
    }

    /**
     * The lamp counters as the cut left them on disk: once saved they stay, and no count goes
     * back (a save may be lost to a cut, never an earlier one undone).
     */
    private void counters(String run) throws IOException {
        Path file = data.resolve("lamp-counters.json");
        if (!Files.exists(file)) {
            if (counters.isPresent()) {
                violations.add(run + ": lamp-counters.json, saved before, is gone");
            }
            return;
        }
        JsonNode now = JSON.readTree(file.toFile());
        if (counters.isPresent()) {
            JsonNode before = counters.get();
            for (String field : List.of("energy_wh", "burning_ms", "switch_count")) {
                if (now.path(field).asDouble() < before.path(field).asDouble()) {
                    violations.add(run + ": lamp counter " + field + " went back from " + before.path(field) + " to " + now.path(field));
                }
            }
            if (Instant.parse(now.path("saved_at").asText()).isBefore(Instant.parse(before.path("saved_at").asText()))) {
                violations.add(run + ": lamp counters saved at " + now.path("saved_at") + " replaced a later save, "
                        + before.path("saved_at"));
            }
        }
        counters = Optional.of(now);
        countersChecked++;
    }

    /** Files the agent found damaged and moved aside, and a replaced store. */
    private void damaged(String run) throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.toList()) {
                String name = p.getFileName().toString();
                if (name.contains(".corrupt-") || name.equals("quarantine")) {
                    violations.add(run + ": " + data.relativize(p) + ": a damaged file was moved aside");
                }
            }
        }
    }

    private void log(String run, AgentProcess agent) throws IOException {
        Files.writeString(dir.resolve("agent-stderr.log"), "---- " + run + "\n" + agent.stderr() + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Path config(EmbeddedLwm2mServer dm, Optional<BootstrapServerFixture> bootstrap) throws IOException {
        ConfigText config = ConfigText.simulatedNode(ENDPOINT).set("node", "data_dir", data)
                .set("node", "runtime_dir", dir.resolve("run")).set("lwm2m", "local_port", 0)
                .set("lwm2m", "request_timeout", "5s");
        if (bootstrap.isPresent()) {
            config.pskAccount("lwm2m.bootstrap", bootstrap.get().coapsUri(), ENDPOINT);
            AtomicFile.writePrivate(dir.resolve(ConfigText.PSK_KEY_FILE), HexFormat.of().formatHex(BS_KEY).getBytes(StandardCharsets.US_ASCII));
        } else {
            config.pskAccount("lwm2m", dm.coapsUri(), DM_IDENTITY);
            AtomicFile.writePrivate(dir.resolve(ConfigText.PSK_KEY_FILE), HexFormat.of().formatHex(DM_KEY).getBytes(StandardCharsets.US_ASCII));
        }
        config.set("lwm2m.retry", "attempts", 1).set("lwm2m.retry", "first_wait", "1s")
                .set("lwm2m.retry", "sequence_wait", "2s").set("lwm2m.retry", "sequences", 1000)
                .set("sampling", "period", "200ms").set("sampling", "stuck_samples", 0)
                .set("store", "commit_window", "250ms").set("store", "quota", "64MB")
                .set("delivery", "replay_readings_per_second", 0).set("delivery", "replay_bytes_per_second", 0)
                .set("delivery", "max_replay_start_delay", "0s").set("delivery", "initial_backoff", "1s")
                .set("delivery", "max_backoff", "5s")
                // often enough that many cuts find the counters just saved or being saved
                .set("lighting.monitor", "counters_interval", "10s");
        Path file = dir.resolve("streetnode.toml");
        Files.writeString(file, config.text() + "\n[shell]\n" + TestConfigs.ownGroups(), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The soak: {@code PowerCutSoak DIR CUTS [SEED [configured|bootstrapped]]} with {@code -Dstreetnode.launcher=...} and
     * {@code -Dstreetnode.jar=...}; prints the tally, exits 1 on any violation, 2 if the layer
     * cannot be built here.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cuts = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Accounts accounts = args.length > 3 ? Accounts.valueOf(args[3].toUpperCase(java.util.Locale.ROOT))
                : Accounts.BOOTSTRAPPED;
        Result prepared = prepare(dir, seed, accounts);
        if (prepared.soak().isEmpty()) {
            System.out.println("no power-cut layer: " + prepared.reason());
            System.exit(2);
        }
        Tally tally = prepared.soak().get().run(cuts);
        System.out.println("seed " + seed + ", accounts " + accounts.name().toLowerCase(java.util.Locale.ROOT) + ": " + tally);
        System.exit(tally.violations().isEmpty() ? 0 : 1);
    }
}
