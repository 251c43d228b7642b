package org.streetnode.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.FaultEvent;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.Wakeup;

/** sd_notify over a real datagram socket, the watchdog's decision, and what the environment says. */
class SupervisionTest {
    @TempDir
    Path dir;

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Health health = new Health(Clock.systemUTC());
    private final Supervisor recording = new Supervisor(java.util.Optional.of(sent::add), java.util.Optional.of(Duration.ofSeconds(30)));

    @Test
    void notificationsReachASocketBoundAsSystemdBindsIt() throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify"))) {
            NotifySocket socket = NotifySocket.of(systemd.path().toString());
            socket.send("READY=1\nSTATUS=running");
            socket.send("WATCHDOG=1");
            assertThat(systemd.messages()).containsExactly("READY=1\nSTATUS=running", "WATCHDOG=1");
        }
    }

    @Test
    void aSocketNobodyListensOnIsAnErrorTheSupervisorOnlyLogs() {
        NotifySocket socket = NotifySocket.of(dir.resolve("nobody").toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.send("READY=1"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("errno");
        new Supervisor(java.util.Optional.of(socket), java.util.Optional.empty()).notify("READY=1"); // no throw
    }

    @Test
    void theEnvironmentDecidesWhetherThereIsASupervisorAndAWatchdog() {
        assertThat(Supervisor.fromEnvironment(Map.of(), 42)).isEqualTo(Supervisor.none());
        Supervisor plain = Supervisor.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), 42);
        assertThat(plain.notifier()).isPresent();
        assertThat(plain.watchdog()).isEmpty();
        assertThat(Supervisor.fromEnvironment(Map.of("NOTIFY_SOCKET", "@abstract", "WATCHDOG_USEC", "30000000"), 42)
                .watchdog()).contains(Duration.ofSeconds(30));
        assertThat(Supervisor.fromEnvironment(Map.of("NOTIFY_SOCKET", "/n", "WATCHDOG_USEC", "30000000",
                "WATCHDOG_PID", "42"), 42).watchdog()).contains(Duration.ofSeconds(30));
        assertThat(Supervisor.fromEnvironment(Map.of("NOTIFY_SOCKET", "/n", "WATCHDOG_USEC", "30000000",
                "WATCHDOG_PID", "7"), 42).watchdog()).as("another process's watchdog").isEmpty();
        assertThat(Supervisor.fromEnvironment(Map.of("NOTIFY_SOCKET", "/n", "WATCHDOG_USEC", "soon"), 42).watchdog()).isEmpty();
    }

    @Test
    void theFeederPingsOnlyWhileEveryLoopProgressesAndResumesWhenItDoesAgain() {
        AtomicLong lighting = new AtomicLong();
        AtomicLong sampling = new AtomicLong();
        List<FaultEvent> history = new CopyOnWriteArrayList<>();
        health.onEvent(history::add);
        WatchdogFeeder feeder = new WatchdogFeeder(List.of(new LivenessProbe("lighting", lighting::get),
                new LivenessProbe("sampling", sampling::get)), recording, health);

        assertThat(feeder.tick()).as("the first look records where each loop stands").isEmpty();
        lighting.addAndGet(40);
        sampling.addAndGet(10);
        assertThat(feeder.tick()).isEmpty();
        assertThat(sent).containsExactly("WATCHDOG=1", "WATCHDOG=1");

        sampling.incrementAndGet(); // lighting stands still
        assertThat(feeder.tick()).containsExactly("lighting");
        assertThat(feeder.tick()).containsExactly("lighting", "sampling");
        assertThat(sent).containsExactly("WATCHDOG=1", "WATCHDOG=1", "STATUS=stalled: lighting", "STATUS=stalled: lighting, sampling");
        // each stall is a fault (Device error code 18) raised once, however many ticks it lasts
        assertThat(health.fault("stall:lighting")).hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(Fault.Kind.STALL));
        assertThat(health.errorCodes()).containsExactly(18);

        lighting.incrementAndGet();
        sampling.incrementAndGet();
        assertThat(feeder.tick()).isEmpty();
        assertThat(sent.subList(4, sent.size())).containsExactly("WATCHDOG=1", "STATUS=running");
        assertThat(health.faults()).isEmpty();
        assertThat(history).extracting(e -> e.fault().source(), FaultEvent::raised).containsExactly(
                tuple("stall:lighting", true), tuple("stall:sampling", true),
                tuple("stall:lighting", false), tuple("stall:sampling", false));
    }

    @Test
    void aLoopAsleepTowardsItsNextStepIsAliveAndOnlyARoundThatDoesNotEndIsAStall() throws Exception {
        AtomicLong nanos = new AtomicLong();
        Wakeup wakeup = new Wakeup(nanos::get);
        AtomicLong rounds = new AtomicLong();
        java.util.concurrent.CountDownLatch inRound = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch endRound = new java.util.concurrent.CountDownLatch(1);
        // a loop like lighting's: one round, then asleep for hours towards its next due step, then a round that hangs
        Thread loop = Thread.ofPlatform().daemon().start(() -> {
            try {
                rounds.incrementAndGet();
                wakeup.await(Duration.ofHours(10));
                inRound.countDown();
                endRound.await();
                rounds.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        WatchdogFeeder feeder = new WatchdogFeeder(List.of(new LivenessProbe("lighting", () -> wakeup.progress(rounds.get()))),
                recording, health);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 1
                && loop.getState() == Thread.State.TIMED_WAITING);
        assertThat(feeder.tick()).isEmpty();
        for (int check = 0; check < 5; check++) {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // a watchdog check every second; no round in between
            assertThat(feeder.tick()).as("asleep, waiting for its next step").isEmpty();
        }
        assertThat(sent).containsExactly("WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1");

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        wakeup.request(); // its step is due: half a second asleep since the last look, then a round that does not end
        assertThat(inRound.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(feeder.tick()).as("the sleep since the last look counts").isEmpty();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(feeder.tick()).containsExactly("lighting");
        assertThat(sent).endsWith("STATUS=stalled: lighting");

        endRound.countDown();
        loop.join(5000);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(feeder.tick()).as("the round ended").isEmpty();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(feeder.tick()).as("the thread is gone: neither rounds nor sleep").containsExactly("lighting");
    }

    @Test
    void theServiceSaysReadyPingsAndSaysStopping() throws Exception {
        AtomicLong loop = new AtomicLong();
        SupervisionService service = new SupervisionService(new Supervisor(java.util.Optional.of(sent::add),
                java.util.Optional.of(Duration.ofMillis(300))), List.of(new LivenessProbe("loop", loop::incrementAndGet)),
                "running: endpoint pole-17", health);
        service.start();
        assertThat(sent.get(0)).isEqualTo("READY=1\nSTATUS=running: endpoint pole-17");
        // the probe moves each time it is read, so every tick (each 100 ms) pings
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().filter("WATCHDOG=1"::equals).count() >= 3);
        service.stop();
        assertThat(sent.get(sent.size() - 1)).isEqualTo("STOPPING=1");
    }
}
