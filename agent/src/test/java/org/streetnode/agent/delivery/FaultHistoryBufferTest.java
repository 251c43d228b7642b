package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.store.StoredFaultEvent;

/**
 * The buffer as the agent runs it keeps every fault raised and cleared: those raised before it
 * opened (lighting starts first) too, and a store that cannot be written sends its own alarm
 * straight from memory, in the run's memory epoch.
 */
class FaultHistoryBufferTest {
    @TempDir
    Path dir;

    private final Health health = new Health(Clock.systemUTC());
    private final List<Batch> sent = new CopyOnWriteArrayList<>();
    private BufferService buffer;

    /** Registered all along; every Send acknowledged. */
    private static final UplinkConditions UP = new UplinkConditions() {
        @Override
        public Snapshot uplinkState() {
            return new Snapshot(true, false, true);
        }

        @Override
        public void onUplinkChange(Consumer<Snapshot> listener) {
        }
    };

    private final BatchSender recording = new BatchSender() {
        @Override
        public CompletionStage<SendOutcome> send(Batch batch) {
            sent.add(batch);
            return CompletableFuture.completedFuture(SendOutcome.acknowledged());
        }

        @Override
        public long wireBytes(Batch batch) {
            return WireSize.of(batch.size());
        }
    };

    @AfterEach
    void stop() {
        if (buffer != null) {
            buffer.stop();
        }
    }

    private BufferService buffer() throws Exception {
        var config = ConfigLoader.load(TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684")
                + "\n[delivery]\nmax_replay_start_delay = \"0s\"\n"));
        buffer = new BufferService(config.buffer(), recording, UP, new ReadingBus(), health, Clock.systemUTC(), Clock.systemUTC(), () -> true, AgentThreads.dedicated());
        return buffer;
    }

    private List<StoredFaultEvent> sentEvents() {
        return sent.stream().flatMap(b -> b.readings().stream()).filter(StoredFaultEvent.class::isInstance)
                .map(StoredFaultEvent.class::cast).toList();
    }

    @Test
    void aFaultRaisedBeforeTheBufferOpenedIsKeptAndSent() throws Exception {
        BufferService b = buffer();
        health.raise("lamp:control", Fault.Kind.LAMP, "cannot drive the lamp: pwmchip0 does not exist");
        b.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !sentEvents().isEmpty());
        assertThat(sentEvents()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("lamp:control");
            assertThat(e.raised()).isTrue();
            assertThat(e.timestamp()).isEqualTo(health.fault("lamp:control").orElseThrow().since()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        });
        assertThat(sent.get(0).lane()).isEqualTo(Lane.ALARM);
    }

    @Test
    void aStoreThatCannotBeWrittenSendsItsAlarmFromMemory() throws Exception {
        // where the store's directory should be there is a file: nothing can be created there
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/store"), "not a directory");
        buffer().start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !sentEvents().isEmpty());
        assertThat(health.fault(BufferService.UNWRITABLE)).isPresent();
        assertThat(sentEvents()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo(BufferService.UNWRITABLE);
            assertThat(e.kind()).isEqualTo(Fault.Kind.STORE);
            assertThat(e.raised()).isTrue();
        });
        Batch batch = sent.get(0);
        assertThat(batch.lane()).isEqualTo(Lane.ALARM);
        assertThat(batch.epoch()).as("the run's memory epoch").isGreaterThanOrEqualTo(1L << 62);
        assertThat(buffer.status().orElseThrow().depth()).as("nothing was written").isZero();
    }
}
