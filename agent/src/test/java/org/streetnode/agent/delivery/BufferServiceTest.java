package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
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
                OFFLINE, bus, health, Clock.systemUTC(), () -> true, AgentThreads.dedicated());
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

    @Test
    void aCorruptStoreIsReplacedAndRaisesTheStoreFault() throws Exception {
        Path store = Files.createDirectories(dir.resolve("data/store"));
        Files.write(store.resolve("readings.db"), "this is not a database, it is garbage".repeat(200).getBytes());

        BufferService b = buffer();
        b.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> health.fault("store").isPresent());
            assertThat(health.fault("store").orElseThrow().kind()).isEqualTo(Fault.Kind.STORE);
            assertThat(health.errorCodes()).contains(16);
            bus.publish(new Reading("air", Quantity.TEMPERATURE, 21, Instant.now(), true));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.status().orElseThrow().depth() == 1);
            assertThat(Files.list(store.resolve("quarantine")).count()).isEqualTo(1);

            health.resetLatched(); // the platform's Reset Error Code (/3/0/12)
            assertThat(health.fault("store")).isEmpty();
        } finally {
            b.stop();
        }
    }
}
