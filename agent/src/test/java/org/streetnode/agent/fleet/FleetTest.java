package org.streetnode.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.demo.ReceivedReading;

/**
 * {@code streetnode fleet} at small N against a real Leshan server in this JVM: every node
 * registers under its own name from its own address, and the server receives every node's
 * readings without a gap (the Reading Sequence header of each Send, decoded as a platform
 * does); the outage scenario cuts the fleet's uplink and restores it, and every node comes back
 * and replays what it buffered meanwhile.
 */
class FleetTest {
    /** Fast nodes: a reading every 2 s, a commit (and a Send) every second, replay at once. */
    private static final List<String> FAST = List.of("sampling.period=2s", "store.commit_window=1s",
            "delivery.max_replay_start_delay=0s");

    @TempDir
    Path dir;

    /** What the server saw: registrations, and each node's readings by (epoch, sequence number). */
    private static final class Platform implements AutoCloseable {
        final EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of());
        final List<Registration> registrations = new CopyOnWriteArrayList<>();
        final Map<String, Set<String>> readings = new ConcurrentHashMap<>();
        final Map<String, List<Double>> temperatures = new ConcurrentHashMap<>();

        Platform() {
            server.onRegistered(registrations::add);
            server.onReadingsFrom((endpoint, list) -> list.forEach(r -> {
                readings.computeIfAbsent(endpoint, e -> ConcurrentHashMap.newKeySet()).add(r.epoch() + ":" + r.seq());
                if (r.path().toString().equals("/3303/0/5700")) {
                    temperatures.computeIfAbsent(endpoint, e -> new CopyOnWriteArrayList<>()).add((Double) r.value());
                }
            }));
        }

        /** The sequence numbers of a node's one epoch; fails if it used more than one. */
        TreeSet<Long> seqs(String endpoint) {
            Set<String> got = readings.getOrDefault(endpoint, Set.of());
            assertThat(got.stream().map(s -> s.substring(0, s.indexOf(':'))).distinct()).as(endpoint + "'s epochs").hasSize(1);
            TreeSet<Long> seqs = new TreeSet<>();
            got.forEach(s -> seqs.add(Long.parseLong(s.substring(s.indexOf(':') + 1))));
            return seqs;
        }

        /** Whether the numbers received so far run from the first to the last with none missing. */
        boolean withoutGap(String endpoint) {
            TreeSet<Long> seqs = new TreeSet<>();
            readings.getOrDefault(endpoint, Set.of()).forEach(s -> seqs.add(Long.parseLong(s.substring(s.indexOf(':') + 1))));
            return !seqs.isEmpty() && seqs.last() - seqs.first() + 1 == seqs.size();
        }

        long registrationsOf(String endpoint) {
            return registrations.stream().filter(r -> r.getEndpoint().equals(endpoint)).count();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private Path keys(Platform platform, int nodes) throws Exception {
        List<NodeKey> keys = FleetKeys.generate(NodeNames.DEFAULT, 1, nodes, new SecureRandom());
        Path file = dir.resolve("keys.csv");
        FleetKeys.write(file, keys);
        keys.forEach(k -> platform.server.allowPsk(k.endpoint(), k.identity(), k.key()));
        return file;
    }

    private FleetPlan plan(Platform platform, Path keys, int nodes, List<String> settings) {
        return new FleetPlan(dir.resolve("fleet"), NodeNames.DEFAULT, 1, nodes, keys, platform.server.coapsUri(), false, 1,
                50.927, 11.586, 3, settings, 50);
    }

    /** Runs the fleet on a thread of its own; the summary once it ended. */
    private static Thread run(FleetRun run, CountDownLatch stop, AtomicReference<FleetSummary> summary) {
        return Thread.ofPlatform().name("fleet-run").start(() -> {
            try {
                summary.set(run.run(stop, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void twentyNodesRegisterAndTheServerGetsEveryReadingWithoutAGap() throws Exception {
        int nodes = 20;
        try (Platform platform = new Platform()) {
            Path keys = keys(platform, nodes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CountDownLatch stop = new CountDownLatch(1);
            AtomicReference<FleetSummary> summary = new AtomicReference<>();
            Thread runner;
            try (Fleet fleet = Fleet.prepare(plan(platform, keys, nodes, FAST), platform.server.coapsUri(), Clock.systemUTC())) {
                runner = run(new FleetRun(fleet, new Scenario.Steady(), Optional.empty(), Duration.ofSeconds(5),
                        Optional.of(Duration.ofMinutes(5)), new FleetReport(new PrintStream(out, true), true),
                        Clock.systemUTC(), 1), stop, summary);
                // every node registered, and a dozen readings in from each
                await().atMost(Duration.ofMinutes(3)).until(() -> platform.registrations.stream()
                        .map(Registration::getEndpoint).distinct().count() == nodes
                        && platform.readings.size() == nodes
                        && platform.readings.values().stream().allMatch(r -> r.size() >= 12)
                        // a batch that failed under load is replayed (no delay here) before the check below
                        && platform.readings.keySet().stream().allMatch(platform::withoutGap));
                stop.countDown();
                runner.join(Duration.ofMinutes(1));
            }
            FleetSummary s = summary.get();
            assertThat(s.nodes()).isEqualTo(nodes);
            assertThat(s.startErrors()).isEmpty();
            assertThat(s.allRegistered()).as("%s", out).isPresent();
            assertThat(s.registrations()).isGreaterThanOrEqualTo(nodes);

            List<String> endpoints = new ArrayList<>();
            Set<InetSocketAddress> addresses = ConcurrentHashMap.newKeySet();
            for (int i = 1; i <= nodes; i++) {
                String endpoint = NodeNames.DEFAULT.endpoint(i);
                endpoints.add(endpoint);
                platform.registrations.stream().filter(r -> r.getEndpoint().equals(endpoint)).findFirst()
                        .ifPresent(r -> addresses.add(r.getSocketAddress()));
                TreeSet<Long> seqs = platform.seqs(endpoint);
                // every number from the first to the last came: nothing lost, nothing dropped on the node
                assertThat(seqs.last() - seqs.first() + 1).as(endpoint + "'s readings %s", seqs).isEqualTo(seqs.size());
                assertThat(seqs.first()).as(endpoint).isEqualTo(1);
            }
            assertThat(platform.registrations.stream().map(Registration::getEndpoint).distinct()).containsAll(endpoints);
            assertThat(addresses).as("each node talks from its own socket").hasSize(nodes);
            // each its own simulated world: the air sensors do not read alike
            assertThat(platform.temperatures.values().stream().map(t -> t.get(0)).distinct().count()).isGreaterThan(nodes / 2);
            String json = out.toString(StandardCharsets.UTF_8);
            assertThat(json).contains("\"type\":\"progress\"").contains("\"type\":\"event\"");
        }
    }

    @Test
    void afterAnOutageEveryNodeRegistersAgainAndReplaysWhatItBufferedWithoutAGap() throws Exception {
        int nodes = 5;
        // short lifetimes and timeouts, so that every node notices a 30-second outage (it updates its
        // registration every 15 s, and an update fails after twice 4 s) and comes back quickly
        List<String> settings = new ArrayList<>(FAST);
        settings.addAll(List.of("lwm2m.lifetime=30s", "lwm2m.request_timeout=4s", "lwm2m.retry.first_wait=2s",
                "delivery.send_timeout=4s", "delivery.initial_backoff=1s"));
        try (Platform platform = new Platform(); CuttableUplink uplink = new CuttableUplink(platform.server.coapsUri())) {
            Path keys = keys(platform, nodes);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CountDownLatch stop = new CountDownLatch(1);
            AtomicReference<FleetSummary> summary = new AtomicReference<>();
            Map<String, Long> before = new ConcurrentHashMap<>();
            try (Fleet fleet = Fleet.prepare(plan(platform, keys, nodes, settings), uplink.uri(), Clock.systemUTC())) {
                Thread runner = run(new FleetRun(fleet, new Scenario.Outage(Duration.ofSeconds(3), Duration.ofSeconds(30)),
                        Optional.of(uplink), Duration.ofSeconds(5), Optional.of(Duration.ofMinutes(6)),
                        new FleetReport(new PrintStream(out, true), true), Clock.systemUTC(), 1), stop, summary);
                await().atMost(Duration.ofMinutes(3)).until(uplink::isCut);
                for (int i = 1; i <= nodes; i++) {
                    before.put(NodeNames.DEFAULT.endpoint(i), platform.registrationsOf(NodeNames.DEFAULT.endpoint(i)));
                }
                runner.join(Duration.ofMinutes(5)); // the scenario ends once every node is back and drained
                stop.countDown();
            }
            FleetSummary s = summary.get();
            assertThat(s).as("the run ended: %s", out).isNotNull();
            FleetSummary.Outage outage = s.outage().orElseThrow();
            assertThat(outage.registeredAgain()).as("%s", out).isPresent();
            assertThat(outage.drained()).as("%s", out).isPresent();
            assertThat(uplink.dropped()).as("datagrams dropped while cut").isPositive();
            for (int i = 1; i <= nodes; i++) {
                String endpoint = NodeNames.DEFAULT.endpoint(i);
                assertThat(platform.registrationsOf(endpoint)).as(endpoint + " registered again after the return")
                        .isGreaterThan(before.get(endpoint));
                TreeSet<Long> seqs = platform.seqs(endpoint);
                assertThat(seqs.last() - seqs.first() + 1).as(endpoint + "'s readings %s", seqs).isEqualTo(seqs.size());
                // readings every 2 s through a 30 s outage, all replayed
                assertThat(seqs.size()).as(endpoint).isGreaterThan(40);
            }
        }
    }
}
