package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.sim.ManualClock;

/** The buffer as the agent runs it: readings from the bus into the store, store alarms into health. */
class BufferServiceTest {
    @TempDir
    Path dir;

    private final Health health = new Health(Clock.systemUTC());
    private final ReadingBus bus = new ReadingBus();

    private static final UplinkConditions OFFLINE = new UplinkConditions() {
        @Override
        public UplinkConditions.Snapshot uplinkState() {
            return UplinkConditions.Snapshot.OFFLINE;
        }

        @Override
        public void onUplinkChange(Consumer<UplinkConditions.Snapshot> listener) {
        }
    };

    private BufferService buffer() throws Exception {
        var config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684")
                + "\n[store]\ncommit_window = \"100ms\"\n"));
        return new BufferService(config.buffer(), batch -> CompletableFuture.completedFuture(new SendOutcome.Failed("offline")),
                OFFLINE, bus, health, Clock.systemUTC(), Clock.systemUTC(), () -> true, AgentThreads.dedicated());
    }

    @Test
    void readingsOnTheBusAreKeptAndSurviveAStop() throws Exception {
        BufferService b = buffer();
        b.start();
        for (int i = 0; i < 5; i++) {
            bus.publish(new Reading("air", Quantity.TEMPERATURE, 20 + i, Instant.now().plusMillis(i), true));
        }
        b.stop(); // commits the open window

        BufferService again = buffer();
        again.start();
        try {
            assertThat(again.status().orElseThrow().depth()).isEqualTo(5);
            assertThat(again.sequence()).hasValueSatisfying(s -> {
                assertThat(s.first()).isEqualTo(1);
                assertThat(s.last()).isEqualTo(5);
            });
        } finally {
            again.stop();
        }
    }

    /**
     * The demo's case: the node's clock runs far ahead (its readings carry its time), while
     * delivery keeps real time. A Send without an answer is not given up and sent again because
     * hours pass on the node's clock: only the network's time counts for the Send timeout.
     */
    @Test
    void deliveryKeepsTheNetworksTimeWhileTheNodesClockRunsAhead() throws Exception {
        ManualClock node = new ManualClock(Instant.parse("2025-12-21T21:50:00Z"));
        var config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684")
                + "\n[store]\ncommit_window = \"100ms\"\n"));
        List<Batch> sent = new CopyOnWriteArrayList<>();
        UplinkConditions registered = new UplinkConditions() {
            @Override
            public UplinkConditions.Snapshot uplinkState() {
                return new UplinkConditions.Snapshot(true, false, true);
            }

            @Override
            public void onUplinkChange(Consumer<UplinkConditions.Snapshot> listener) {
            }
        };
        BufferService b = new BufferService(config.buffer(), batch -> {
            sent.add(batch);
            return new CompletableFuture<>(); // the platform never answers
        }, registered, bus, new Health(node), node, Clock.systemUTC(), () -> true, AgentThreads.dedicated());
        b.start();
        try {
            bus.publish(new Reading("air", Quantity.TEMPERATURE, 21, node.instant(), true));
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
            assertThat(sent.getFirst().readings().getFirst().timestamp()).isEqualTo(Instant.parse("2025-12-21T21:50:00Z"));

            // an hour of the node's time for every 50 ms of real time: far past the Send timeout (2 min) and any backoff
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        node.advance(Duration.ofHours(1));
                        return sent.size() == 1;
                    });
        } finally {
            b.stop();
        }
    }

    @Test
    void aCorruptStoreIsReplacedAndRaisesTheStoreFault() throws Exception {
        Path store = Files.createDirectories(dir.resolve("data/store"));
        Files.write(store.resolve("readings.db"), "this is not a database, it is garbage".repeat(200).getBytes());

        BufferService b = buffer();
        b.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> health.fault(BufferService.QUARANTINED).isPresent());
            assertThat(health.fault(BufferService.QUARANTINED).orElseThrow().kind()).isEqualTo(Fault.Kind.STORE);
            assertThat(health.errorCodes()).contains(16);
            bus.publish(new Reading("air", Quantity.TEMPERATURE, 21, Instant.now(), true));
            // the reading, and the quarantine's own record in the fault history
            await().atMost(Duration.ofSeconds(5)).until(() -> b.status().orElseThrow().depth() == 2);
            assertThat(Files.list(store.resolve("quarantine")).count()).isEqualTo(1);

            health.resetLatched(); // the platform's Reset Error Code (/3/0/12)
            assertThat(health.fault(BufferService.QUARANTINED)).isEmpty();
        } finally {
            b.stop();
        }
    }
}
