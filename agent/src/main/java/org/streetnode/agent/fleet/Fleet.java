package org.streetnode.agent.fleet;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.streetnode.agent.delivery.BufferStatus;
import org.tinylog.Logger;

/**
 * Complete simulated nodes in one JVM: each a real {@link org.streetnode.agent.Agent} built by
 * the composition root from its own files, with its own endpoint name, credentials, board seed,
 * store and lighting, so the platform sees distinct nodes. They share their threads: every
 * part's loop is a virtual thread ({@link org.streetnode.agent.lifecycle.AgentThreads#shared}),
 * and the network of every node runs on one executor of the fleet's.
 */
public final class Fleet implements AutoCloseable {
    /** Starts under way at once: a slow disk must not let thousands pile up. */
    private static final int MAX_CONCURRENT_STARTS = 32;

    private final List<FleetMember> members = new ArrayList<>();
    private final ScheduledThreadPoolExecutor network;
    private final RegistrationLog registrations = new RegistrationLog();
    private final AtomicInteger restarts = new AtomicInteger();
    private final Clock clock;
    private volatile boolean closing;

    private Fleet(Clock clock) {
        this.clock = clock;
        this.network = new ScheduledThreadPoolExecutor(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().daemon().name("fleet-network-", 1).factory());
        network.setRemoveOnCancelPolicy(true); // cancelled CoAP and DTLS timeouts leave at once, not when due
    }

    /**
     * Writes every node's files and makes the fleet, not yet started.
     *
     * @param nodesServer the server as the nodes reach it (the plan's, or the fleet's cuttable uplink)
     */
    public static Fleet prepare(FleetPlan plan, URI nodesServer, Clock clock) throws IOException {
        Map<String, NodeKey> keys = FleetKeys.read(plan.keys());
        java.nio.file.Files.createDirectories(plan.directory());
        // the nodes' shells are for whoever runs the fleet: the group of the directory they made
        int gid = (int) java.nio.file.Files.getAttribute(plan.directory(), "unix:gid");
        NodeSetup setup = new NodeSetup(nodesServer, plan.bootstrap(), plan.overrides(), gid);
        Fleet fleet = new Fleet(clock);
        for (int i = plan.firstIndex(); i < plan.firstIndex() + plan.nodes(); i++) {
            String endpoint = plan.names().endpoint(i);
            NodeKey key = keys.get(endpoint);
            if (key == null) {
                fleet.close();
                throw new IOException(plan.keys() + " has no key for " + endpoint + " (node " + i + "); write keys for "
                        + "every index this process runs: streetnode fleet keys --first-index ... --nodes ...");
            }
            SimulatedNode node = SimulatedNode.place(i, key, plan.nodeDirectory(endpoint), plan.seed(), plan.latitude(),
                    plan.longitude(), plan.radiusKm());
            fleet.members.add(new FleetMember(node, setup.write(node), clock, fleet.network,
                    m -> fleet.registrations.record(clock.instant()), fleet::restartLater));
        }
        return fleet;
    }

    List<FleetMember> members() {
        return List.copyOf(members);
    }

    RegistrationLog registrations() {
        return registrations;
    }

    int restarts() {
        return restarts.get();
    }

    /**
     * Starts the nodes, {@code perSecond} a second, on a thread of its own; returns at once.
     * Each start runs on a virtual thread of its own, so a slow one does not hold up the others.
     */
    public Thread startAll(double perSecond) {
        return Thread.ofVirtual().name("fleet-starter").start(() -> {
            Semaphore starting = new Semaphore(MAX_CONCURRENT_STARTS);
            long every = (long) (1e9 / perSecond);
            long next = System.nanoTime();
            for (FleetMember m : members) {
                if (closing) {
                    return;
                }
                LockSupport.parkNanos(next - System.nanoTime());
                next += every;
                starting.acquireUninterruptibly();
                Thread.ofVirtual().name("fleet-start").start(() -> {
                    try {
                        if (!closing) {
                            m.start();
                        }
                    } finally {
                        starting.release();
                    }
                });
            }
        });
    }

    /** Restarts a node as a reboot does (churn, or the platform's Reboot), on a thread of its own. */
    void restartLater(FleetMember m) {
        if (closing) {
            return;
        }
        restarts.incrementAndGet();
        Thread.ofVirtual().name(m.endpoint() + "/restart").start(() -> {
            if (!closing) {
                m.restart();
            }
        });
    }

    /** Where the fleet stands now: counted node by node. */
    public FleetCounts counts() {
        int running = 0;
        int registered = 0;
        int sending = 0;
        int drained = 0;
        long backlog = 0;
        long delivered = 0;
        long failed = 0;
        Map<String, Integer> states = new TreeMap<>();
        for (FleetMember m : members) {
            if (!m.running()) {
                continue;
            }
            running++;
            if (m.registered()) {
                registered++;
            }
            var status = m.buffer();
            if (status.isPresent()) {
                BufferStatus b = status.get();
                states.merge(b.delivery(), 1, Integer::sum);
                if (b.delivery().equals("live") || b.delivery().equals("replaying")) {
                    sending++;
                }
                if (b.delivery().equals("live") && m.registered()) {
                    drained++;
                }
                backlog += b.depth();
                delivered += b.deliveredReadings();
                failed += b.failedSends();
            }
        }
        return new FleetCounts(members.size(), running, registered, sending, drained, backlog, delivered, failed, states);
    }

    /** The first start failures, for the summary. */
    List<String> startErrors() {
        return members.stream().flatMap(m -> m.startError().map(e -> m.endpoint() + ": " + e).stream()).limit(5).toList();
    }

    /** Stops every node (all at once, each as SIGTERM would) and the shared network executor. */
    @Override
    public void close() {
        closing = true;
        List<Thread> stopping = new ArrayList<>();
        for (FleetMember m : members) {
            stopping.add(Thread.ofVirtual().name(m.endpoint() + "/stop").start(m::stop));
        }
        Instant deadline = clock.instant().plus(Duration.ofSeconds(30));
        for (Thread t : stopping) {
            try {
                t.join(Duration.between(clock.instant(), deadline).isNegative() ? Duration.ofMillis(1)
                        : Duration.between(clock.instant(), deadline));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        network.shutdownNow();
        try {
            network.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Logger.info("fleet: {} nodes stopped", members.size());
    }
}
