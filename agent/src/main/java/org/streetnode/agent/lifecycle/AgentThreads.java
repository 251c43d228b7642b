package org.streetnode.agent.lifecycle;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Where the parts of an agent get their threads: the composition root hands it to every part
 * that runs a loop or an executor of its own.
 *
 * <ul>
 * <li>{@link #dedicated()}, for {@code streetnode run}: each part has its own named platform
 * thread (the lamp's at a raised priority), and Californium and Leshan make their own
 * executors, so no part ever waits for a thread another part holds.</li>
 * <li>{@link #shared}, for the fleet simulator's many agents in one JVM: each part's thread is a
 * virtual thread named after its node, so thousands of sleeping loops cost the JDK's few
 * carrier threads and its one timer; the network of every node runs on one executor that the
 * fleet owns (and shuts down). The lamp's thread then shares the carriers too; it still never
 * waits on the network, the buffer or the shell.</li>
 * </ul>
 */
public sealed interface AgentThreads {

    /** The factory for the threads of one part ({@code "lighting"}, {@code "sensor-air"}): its loop or its executor's worker. */
    ThreadFactory of(String part);

    /**
     * The executor Californium (CoAP exchanges, DTLS handshakes and timers) and Leshan
     * (notifications) run the node's network on; empty: each client makes its own.
     */
    Optional<ScheduledExecutorService> network();

    static AgentThreads dedicated() {
        return new Dedicated();
    }

    /**
     * @param node names the node's threads ({@code node/lighting}), so that a log line or a
     *     thread dump says whose it is
     * @param network shared by every node; its owner shuts it down after the last node stopped
     */
    static AgentThreads shared(String node, ScheduledExecutorService network) {
        return new Shared(node, network);
    }

    /** Named platform daemon threads, one per part. */
    record Dedicated() implements AgentThreads {
        @Override
        public ThreadFactory of(String part) {
            return Thread.ofPlatform().daemon().name(part).factory();
        }

        @Override
        public Optional<ScheduledExecutorService> network() {
            return Optional.empty();
        }
    }

    /** Virtual threads named {@code node/part}, and one network executor for every node. */
    record Shared(String node, ScheduledExecutorService networkExecutor) implements AgentThreads {
        @Override
        public ThreadFactory of(String part) {
            return Thread.ofVirtual().name(node + "/" + part).factory();
        }

        @Override
        public Optional<ScheduledExecutorService> network() {
            return Optional.of(networkExecutor);
        }
    }
}
