package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.streetnode.agent.store.Readings.temperature;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.store.BootClock;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.ReadingStore;

/** The engine on its own thread, a real clock, a sender answering from another thread. */
class DeliveryServiceTest {
    @TempDir
    Path dir;

    @Test
    void readingsFlowFromTheSamplerToTheServerAndLeaveTheStore() {
        Clock clock = Clock.systemUTC();
        UplinkState uplink = new UplinkState();
        FakeSender sender = new FakeSender(clock);
        sender.answer = b -> null;
        BatchSender async = batch -> {
            CompletableFuture<SendOutcome> out = new CompletableFuture<>();
            sender.send(batch);
            CompletableFuture.delayedExecutor(5, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> out.complete(SendOutcome.acknowledged()));
            return out;
        };
        try (ReadingStore store = ReadingStore.open(StoreSettings.defaults(dir).withCommitWindow(Duration.ofMillis(50)),
                clock, BootClock.system())) {
            DeliveryEngine engine = new DeliveryEngine(store, async, uplink, DeliverySettings.defaults().unlimited(), clock,
                    new Random(3));
            try (DeliveryService service = DeliveryService.start(engine, store, uplink,
                    AgentThreads.dedicated().of("streetnode-delivery"))) {
                for (int i = 0; i < 500; i++) {
                    engine.offer(temperature(i, clock.instant()), Priority.NORMAL);
                }
                uplink.setRegistered(true);
                service.wake();
                for (int i = 0; i < 100; i++) {
                    engine.offer(temperature(i, clock.instant()), Priority.NORMAL);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> engine.metrics().deliveredReadings() == 600);
                store.flush();
                assertThat(store.metrics().depth()).isZero();
                assertThat(sender.readingsSent()).isEqualTo(600);
            }
        }
    }
}
