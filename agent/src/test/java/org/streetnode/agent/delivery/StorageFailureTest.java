package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigText;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * The buffer's directory on storage that really fails, with the whole agent delivering to a real
 * Leshan server throughout: a size-limited tmpfs that fills up (ENOSPC) while the agent runs, and
 * a read-only bind mount (EROFS). Every reading arrives, in order, each (epoch, seq) once but
 * inside one resent batch; those taken while the disk failed came straight from memory (their
 * run's memory epoch); then the storage comes back and the readings go through the buffer again,
 * nothing lost.
 *
 * <p>Needs root, to mount; skips, saying so, where it has none, and fails instead under
 * {@code CI=true} (CI runs as root). Every mount is undone, whatever happens.
 */
class StorageFailureTest {
    private static final String ENDPOINT = "node-under-test";
    /** Memory holds this many readings at most; each phase takes several times as many. */
    private static final int MEMORY = 100;
    private static final int PER_PHASE = 4 * MEMORY;
    private static final int BURST = 40;
    private static final double FIRST_VALUE = 1000;

    @TempDir
    Path dir;

    private Path store;
    private final List<Path> mounted = new ArrayList<>();
    private EmbeddedLwm2mServer server;
    private Agent agent;
    private final List<ReceivedReading> arrivals = new CopyOnWriteArrayList<>();
    private double nextValue = FIRST_VALUE;

    @BeforeEach
    void needRoot() throws Exception {
        store = Files.createDirectories(dir.resolve("data/store"));
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI runs as root; this test mounts a tmpfs and a read-only bind mount");
        }
        assumeTrue(root, "not root: skipping the real ENOSPC (tmpfs) and EROFS (bind mount) test, it needs mount(8)");
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (agent != null) {
                agent.stop();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            for (int i = mounted.size() - 1; i >= 0; i--) {
                if (run("umount", mounted.get(i).toString()) != 0) {
                    run("umount", "-l", mounted.get(i).toString());
                }
            }
        }
    }

    @Test
    void aDiskThatFillsUpWhileTheAgentRunsStopsNoReadingFromArriving() throws Exception {
        mount("-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", store.toString());
        startAgent();
        long storeEpoch = agent.buffer().status().orElseThrow().epoch();
        List<Double> before = publishAndAwait(BURST);

        Path filler = store.resolve("filler");
        fill(filler); // ENOSPC: the next group commit cannot be written
        List<Double> whileFull = publishAndAwait(PER_PHASE);
        assertThat(agent.buffer().status().orElseThrow().alarm()).hasValueSatisfying(a -> assertThat(a).startsWith("disk-full"));

        Files.delete(filler); // space again: the store is retried and takes readings as before
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.buffer().status().orElseThrow().alarm().isEmpty());
        List<Double> after = publishAndAwait(PER_PHASE);

        checkArrivals(storeEpoch, before, whileFull, after);
    }

    @Test
    void aReadOnlyFilesystemUnderTheBufferStopsNoReadingFromArriving() throws Exception {
        startAgent(); // a first run leaves a store with its epoch and some readings delivered
        long storeEpoch = agent.buffer().status().orElseThrow().epoch();
        List<Double> before = publishAndAwait(BURST);
        agent.stop();
        agent = null;

        // Linux refuses to make a mount read-only while files on it are open for writing, so the
        // store is read-only from the agent's start, as after a card the kernel remounted read-only
        mount("--bind", store.toString(), store.toString());
        assertThat(run("mount", "-o", "remount,ro,bind", store.toString())).isZero();
        assertThat(Files.isWritable(store) && canCreate(store)).as("the store directory is read-only").isFalse();
        startAgent();
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.buffer().status().orElseThrow().alarm().isPresent());
        List<Double> whileReadOnly = publishAndAwait(PER_PHASE);

        assertThat(run("mount", "-o", "remount,rw,bind", store.toString())).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.buffer().status().orElseThrow().alarm().isEmpty());
        List<Double> after = publishAndAwait(PER_PHASE);

        checkArrivals(storeEpoch, before, whileReadOnly, after);
    }

    /** What the platform got: everything, in order, from memory while the disk failed, from the store before and after. */
    private void checkArrivals(long storeEpoch, List<Double> before, List<Double> failing, List<Double> after) {
        List<Double> published = new ArrayList<>(before);
        published.addAll(failing);
        published.addAll(after);
        List<ReceivedReading> ours = ours();
        Set<Double> firstArrivals = new LinkedHashSet<>();
        ours.forEach(r -> firstArrivals.add((Double) r.value()));
        assertThat(List.copyOf(firstArrivals)).as("every reading, in the order taken").isEqualTo(published);

        Set<String> identities = new LinkedHashSet<>();
        ours.forEach(r -> identities.add(r.epoch() + "/" + r.seq()));
        assertThat(ours.size() - identities.size()).as("arrived twice").isLessThanOrEqualTo(50);
        assertThat(identities).as("one identity a reading").hasSameSizeAs(firstArrivals);

        for (ReceivedReading r : ours) {
            boolean fromMemory = failing.contains((Double) r.value());
            if (fromMemory) {
                assertThat(r.epoch()).as("reading %s, taken while the disk failed", r.value()).isGreaterThanOrEqualTo(1L << 62);
            } else {
                assertThat(r.epoch()).as("reading %s", r.value()).isEqualTo(storeEpoch);
            }
        }
        assertThat(agent.buffer().status().orElseThrow().dropped().values()).as("dropped").containsOnly(0L);
    }

    private List<ReceivedReading> ours() {
        String path = agent.lwm2m().readingPaths().path("air", Quantity.TEMPERATURE).orElseThrow().toString();
        return arrivals.stream().filter(r -> r.path().toString().equals(path) && (Double) r.value() >= FIRST_VALUE).toList();
    }

    /** Publishes {@code n} readings in bursts, each burst once the platform has the one before. */
    private List<Double> publishAndAwait(int n) {
        List<Double> values = new ArrayList<>();
        while (values.size() < n) {
            for (int i = 0; i < BURST; i++) {
                double v = nextValue++;
                agent.readings().publish(new Reading("air", Quantity.TEMPERATURE, v, Instant.now(), true));
                values.add(v);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ours().stream().map(r -> (Double) r.value())
                    .collect(java.util.stream.Collectors.toSet()).containsAll(values));
        }
        return values;
    }

    private void startAgent() throws Exception {
        if (server == null) {
            server = EmbeddedLwm2mServer.start(0, 0, List.of())
                    .allowPsk(ENDPOINT, ENDPOINT, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
            server.onReadings(arrivals::addAll);
        }
        ConfigText config = TestConfigs.node(dir, server.coapsUri().toString())
                .set("sampling", "period", "24h")
                .set("store", "commit_window", "100ms")
                .set("store", "max_window_readings", MEMORY)
                .set("store", "memory_queue_capacity", MEMORY)
                .set("store", "retry_interval", "1s")
                .set("delivery", "max_batch_readings", 50)
                .set("delivery", "replay_readings_per_second", 0)
                .set("delivery", "replay_bytes_per_second", 0)
                .set("delivery", "max_replay_start_delay", "0s")
                .set("delivery", "initial_backoff", "200ms")
                .set("delivery", "max_backoff", "1s")
                .set("delivery", "send_timeout", "5s");
        agent = Agent.create(ConfigLoader.load(TestConfigs.write(dir, config)), Clock.systemUTC(), () -> { });
        agent.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.registration().registered());
    }

    /** Writes into {@code file} until the filesystem has no room left. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private static boolean canCreate(Path directory) {
        try {
            Files.delete(Files.createTempFile(directory, "probe", ""));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void mount(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "mount";
        System.arraycopy(args, 0, command, 1, args.length);
        int exit = run(command);
        if (exit != 0 && !"true".equals(System.getenv("CI"))) {
            assumeTrue(false, "mount(8) refused (no CAP_SYS_ADMIN here?): skipping the real ENOSPC and EROFS test");
        }
        assertThat(exit).as("mount %s", String.join(" ", args)).isZero();
        mounted.add(Path.of(args[args.length - 1]));
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ": " + out.strip());
        }
        return p.exitValue();
    }
}
