package org.streetnode.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.supervision.Supervisor;

/**
 * Many agents in one JVM on shared threads (the fleet simulator's way): every part's loop is a
 * virtual thread and the network of every node runs on one executor, so a node costs one
 * platform thread of its own, the DTLS connector's receiver (Californium blocks one per socket).
 * On dedicated threads each agent would add about twenty.
 */
class SharedThreadsTest {
    private static final int NODES = 6;

    @Test
    void eachAgentAddsOnlyItsDtlsReceiverAsAPlatformThread(@TempDir Path dir) throws Exception {
        ScheduledExecutorService network = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon()
                .name("test-network-", 0).factory());
        List<Agent> agents = new ArrayList<>();
        try (EmbeddedLwm2mServer server = EmbeddedLwm2mServer.start(List.of())) {
            List<Long> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
            server.onReadings(readings -> sent.add((long) readings.size()));
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            for (int i = 0; i < NODES; i++) {
                String endpoint = "shared-" + i;
                Path node = Files.createDirectories(dir.resolve(endpoint));
                server.allowPsk(endpoint, endpoint, HexFormat.of().parseHex(TestConfigs.PSK_HEX));
                TestConfigs.write(node, TestConfigs.minimal(node, server.coapsUri().toString())
                        .replace("node-under-test", endpoint) + """

                        [sampling]
                        period = "2s"

                        [store]
                        commit_window = "1s"
                        """);
                Agent agent = Agent.create(ConfigLoader.load(node.resolve("streetnode.toml")), Clock.systemUTC(), () -> { },
                        Supervisor.none(), AgentThreads.shared(endpoint, network));
                agents.add(agent);
                agent.start();
            }
            // registered, and Sends answered: every part has made the threads it makes
            await().atMost(Duration.ofSeconds(60)).until(() -> agents.stream().allMatch(a -> a.registration().registered()
                    && a.buffer().status().orElseThrow().deliveredReadings() > 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() >= NODES);

            List<String> added = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && !t.isVirtual()).map(Thread::getName).toList();
            assertThat(added.stream().filter(n -> n.startsWith("DTLS-Receiver-"))).as("platform threads added: %s", added)
                    .hasSize(NODES);
            // besides them only the shared network executor and what the JVM makes once: the
            // carriers, poller and timer of virtual threads, JNA's cleaner, the process reaper
            assertThat(added.stream().filter(n -> !n.startsWith("DTLS-Receiver-")))
                    .as("platform threads added: %s", added)
                    .allMatch(n -> n.matches("test-network-\\d+|ForkJoinPool-\\d+-(worker-\\d+|delayScheduler)"
                            + "|MasterPoller|Read-Poller|Write-Poller|VirtualThread-unblocker|VirtualThread-unparker"
                            + "|JNA Cleaner|process reaper|Common-Cleaner|awaitility-thread"));
        } finally {
            agents.forEach(Agent::stop);
            network.shutdownNow();
        }
    }
}
