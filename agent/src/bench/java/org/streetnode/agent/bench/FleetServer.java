package org.streetnode.agent.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.fleet.FleetKeys;
import org.streetnode.agent.fleet.NodeKey;
import sun.misc.Signal;

/**
 * The platform of the fleet benchmarks (agent/src/bench/fleet-bench.sh), in a JVM of its own: a
 * Leshan server with the node's models (the demo's) on 127.0.0.1:PORT that lets in every node of
 * a keys file, and, as a platform would, observes each node's lamp level (3416/0/3, the dimming
 * level) when it registers.
 *
 * <p>Every second it writes one line to OUT.csv: {@code second} (epoch seconds), new
 * {@code registrations}, registration {@code updates}, {@code deregistrations}, {@code sends},
 * {@code readings} received, of which {@code replayed} (taken more than a minute before they
 * arrived: backlog), observe {@code notifications}, and the {@code registered} nodes. On SIGTERM
 * it prints the totals and checks every node's readings for gaps: decoded with the Reading
 * Sequence header ({@link ReceivedReading}), every sequence number from the first received to the
 * last must have arrived.
 *
 * <p>Arguments: KEYS.csv PORT OUT.csv [--no-observe].
 */
public final class FleetServer {
    private static final String[] COLUMNS = {"registrations", "updates", "deregistrations", "sends", "readings", "replayed",
        "notifications"};
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, BitSet>> seqs = new ConcurrentHashMap<>();
    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    private final AtomicLong totalRegistrations = new AtomicLong();
    private final AtomicLong totalReadings = new AtomicLong();
    private final AtomicLong observeFailures = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FleetServer KEYS.csv PORT OUT.csv [--no-observe]");
            System.exit(2);
        }
        new FleetServer().run(Path.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2]),
                !List.of(args).contains("--no-observe"));
    }

    private void count(String column, long n) {
        counts.computeIfAbsent(column, c -> new AtomicLong()).addAndGet(n);
    }

    private void run(Path keys, int port, Path out, boolean observe) throws Exception {
        Map<String, NodeKey> nodes = FleetKeys.read(keys);
        EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(0, port, List.of());
        nodes.values().forEach(k -> server.allowPsk(k.endpoint(), k.identity(), k.key()));
        server.leshan().getRegistrationService().addListener(new RegistrationListener() {
            @Override
            public void registered(Registration r, Registration previous, Collection<Observation> previousObservations) {
                count("registrations", 1);
                totalRegistrations.incrementAndGet();
                registered.put(r.getEndpoint(), r);
                if (observe) {
                    server.leshan().send(r, new ObserveRequest("/3416/0/3"), 60_000, response -> {
                        if (!response.isSuccess() && observeFailures.getAndIncrement() == 0) {
                            System.out.println("observe refused: " + response.getCode() + " " + response.getErrorMessage());
                        }
                    }, error -> {
                        if (observeFailures.getAndIncrement() == 0) {
                            System.out.println("observe failed: " + error);
                        }
                    });
                }
            }

            @Override
            public void updated(RegistrationUpdate update, Registration updated, Registration previous) {
                count("updates", 1);
                registered.put(updated.getEndpoint(), updated);
            }

            @Override
            public void unregistered(Registration r, Collection<Observation> observations, boolean expired, Registration next) {
                count("deregistrations", 1);
                registered.remove(r.getEndpoint(), r);
            }
        });
        server.leshan().getObservationService().addListener(new ObservationListener() {
            @Override
            public void newObservation(Observation observation, Registration registration) {
            }

            @Override
            public void cancelled(Observation observation) {
            }

            @Override
            public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                count("notifications", 1);
            }

            @Override
            public void onResponse(CompositeObservation observation, Registration registration,
                    ObserveCompositeResponse response) {
                count("notifications", 1);
            }

            @Override
            public void onError(Observation observation, Registration registration, Exception error) {
            }
        });
        server.onReadingsFrom((endpoint, readings) -> {
            count("sends", 1);
            count("readings", readings.size());
            totalReadings.addAndGet(readings.size());
            Instant old = Instant.now().minusSeconds(60);
            count("replayed", readings.stream().filter(r -> r.timestamp().isBefore(old)).count());
            Map<Long, BitSet> byEpoch = seqs.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>());
            for (ReceivedReading r : readings) {
                BitSet set = byEpoch.computeIfAbsent(r.epoch(), e -> new BitSet());
                synchronized (set) {
                    set.set((int) r.seq());
                }
            }
        });
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), s -> stop.countDown());
        }
        System.out.println("fleet server on " + server.coapsUri() + " for " + nodes.size() + " nodes; per second in " + out);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
            csv.println("second," + String.join(",", COLUMNS) + ",registered");
            long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
            while (!stop.await(Math.max(1, next - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                StringBuilder line = new StringBuilder(Long.toString(next / 1000 - 1));
                for (String c : COLUMNS) {
                    line.append(',').append(counts.computeIfAbsent(c, k -> new AtomicLong()).getAndSet(0));
                }
                csv.println(line.append(',').append(registered.size()));
                csv.flush();
                next += 1000;
            }
        }
        summary();
        server.close();
        System.exit(0);
    }

    /** Totals, and every node's gaps: numbers between its first and last received that never came. */
    private void summary() throws IOException {
        long gaps = 0;
        int nodesWithGaps = 0;
        for (Map.Entry<String, Map<Long, BitSet>> node : seqs.entrySet()) {
            long missing = 0;
            for (BitSet set : node.getValue().values()) {
                synchronized (set) {
                    int first = set.nextSetBit(0);
                    int last = set.length() - 1;
                    missing += (last - first + 1) - set.cardinality();
                }
            }
            if (missing > 0) {
                nodesWithGaps++;
                if (nodesWithGaps <= 5) {
                    System.out.println("gaps: " + node.getKey() + " misses " + missing + " readings");
                }
            }
            gaps += missing;
        }
        System.out.printf("server totals: registrations %d, registered now %d, readings %d from %d nodes, "
                + "%d readings missing in %d nodes; %d observations failed%n", totalRegistrations.get(), registered.size(), totalReadings.get(),
                seqs.size(), gaps, nodesWithGaps, observeFailures.get());
    }
}
