package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetnode.agent.store.Readings.temperature;
import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.store.MutableClock;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.ReadingStore;
import org.streetnode.agent.store.SeqRange;
import org.streetnode.agent.store.StoredReading;
import org.streetnode.agent.store.StoredRecord;

class DeliveryEngineTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    final UplinkState uplink = new UplinkState();
    final FakeSender sender = new FakeSender(clock);
    ReadingStore store;
    DeliveryEngine engine;

    static final DeliverySettings FAST = new DeliverySettings(4, 0, 0, Duration.ZERO, Duration.ofSeconds(4),
            Duration.ofSeconds(64), Duration.ofSeconds(30));

    void start(DeliverySettings settings) {
        start(settings, new Random(1));
    }

    void start(DeliverySettings settings, Random random) {
        if (store == null) {
            store = ReadingStore.open(StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1)), clock, clock);
        }
        engine = new DeliveryEngine(store, sender, uplink, settings, clock, random);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    void commit(int n, Priority p) {
        for (int i = 0; i < n; i++) {
            store.append(temperature(i, clock.instant()), p);
        }
        store.flush();
    }

    void tick(int times) {
        for (int i = 0; i < times; i++) {
            engine.tick();
        }
    }

    List<Long> seqs(Batch b) {
        return b.readings().stream().map(StoredRecord::seq).toList();
    }

    @Test
    void sendsOldestFirstOneBatchInFlightAndDeletesOnlyWhatWasAcknowledged() {
        start(FAST);
        commit(10, Priority.NORMAL);
        sender.answer = b -> null; // the test answers
        uplink.setRegistered(true);

        tick(3);
        assertThat(sender.count()).isEqualTo(1);
        assertThat(seqs(sender.last().batch())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sender.last().batch().lane()).isEqualTo(Lane.BACKLOG);
        store.flush();
        assertThat(store.metrics().depth()).isEqualTo(10);

        sender.last().outcome().complete(SendOutcome.acknowledged());
        tick(1);
        assertThat(seqs(sender.last().batch())).containsExactly(5L, 6L, 7L, 8L);
        store.flush();
        assertThat(store.metrics().depth()).isEqualTo(6);
        assertThat(readings(store.read(0, Long.MAX_VALUE, 100)).get(0).seq()).isEqualTo(5);
    }

    @Test
    void readingsLeaveTheNodeOnlyAfterTheirGroupCommit() {
        start(FAST);
        uplink.setRegistered(true);
        tick(1);
        engine.offer(temperature(1, clock.instant()), Priority.NORMAL);
        tick(3);
        // not committed: a crash now would give its seq to another reading, so it must not be out
        assertThat(sender.count()).isZero();
        store.flush();
        tick(1);
        assertThat(sender.count()).isEqualTo(1);
        assertThat(sender.last().batch().lane()).isEqualTo(Lane.LIVE);
    }

    @Test
    void aLostAcknowledgementResendsThatBatchOnly() {
        start(FAST);
        commit(8, Priority.NORMAL);
        sender.answer = b -> null;
        uplink.setRegistered(true);
        tick(1);
        Batch first = sender.last().batch();

        clock.advance(FAST.sendTimeout()); // the ack never came
        tick(1);
        clock.advance(FAST.maxBackoff());
        tick(1);
        assertThat(sender.count()).isEqualTo(2);
        assertThat(sender.last().batch()).isEqualTo(first);

        sender.answer = b -> SendOutcome.acknowledged();
        sender.last().outcome().complete(SendOutcome.acknowledged());
        tick(5);
        // the late answer to the first try changes nothing
        sender.sent.get(0).outcome().complete(SendOutcome.acknowledged());
        tick(2);
        List<Long> all = new ArrayList<>();
        sender.sent.forEach(s -> all.addAll(seqs(s.batch())));
        assertThat(all).containsExactly(1L, 2L, 3L, 4L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        store.flush();
        assertThat(store.metrics().depth()).isZero();
    }

    @Test
    void aCrashAtAnyMomentOfAFastReplaySendsAtMostOneBatchAgain() {
        start(FAST); // batches of 4, no rate limit; the store's window is an hour: no commit of its own
        commit(20, Priority.NORMAL);
        uplink.setRegistered(true);
        long worst = 0;
        for (int i = 0; i < 20 && sender.readingsSent() < 20; i++) {
            tick(1);
            // committed rows are what a crash leaves: those the server has already would go again
            long delivered = sender.readingsSent();
            long committedButDelivered = store.metrics().depth() - (20 - delivered);
            worst = Math.max(worst, committedButDelivered);
        }
        assertThat(sender.readingsSent()).isEqualTo(20);
        assertThat(sender.count()).isEqualTo(5);
        assertThat(worst).isPositive().isLessThanOrEqualTo(FAST.maxBatchReadings());
    }

    @Test
    void failedSendsBackOffExponentiallyWithJitter() {
        start(FAST);
        commit(1, Priority.NORMAL);
        sender.answer = b -> new SendOutcome.Failed("5.03");
        uplink.setRegistered(true);
        for (int step = 0; step < 2_000; step++) {
            engine.tick();
            clock.advance(Duration.ofMillis(100));
        }
        List<Instant> at = sender.sent.stream().map(FakeSender.Sent::at).toList();
        assertThat(at).hasSizeGreaterThan(5);
        for (int i = 1; i < at.size(); i++) {
            long cap = Math.min(FAST.maxBackoff().toMillis(), FAST.initialBackoff().toMillis() << (i - 1));
            long gap = Duration.between(at.get(i - 1), at.get(i)).toMillis();
            assertThat(gap).as("gap %d", i).isBetween(cap / 2, cap + 100);
        }
        assertThat(engine.metrics().failedSends()).isEqualTo(at.size());
        assertThat(engine.metrics().state()).isEqualTo(DeliveryState.BACKING_OFF);
    }

    @Test
    void freshReadingsAndAlarmsGoAheadOfTheBacklog() {
        DeliverySettings settings = new DeliverySettings(50, 0, 0, Duration.ofMinutes(5), Duration.ofSeconds(4),
                Duration.ofSeconds(64), Duration.ofSeconds(30));
        start(settings);
        commit(100, Priority.NORMAL); // taken while offline
        uplink.setRegistered(true);
        tick(1);
        assertThat(sender.count()).isZero(); // the backlog waits for its random start
        assertThat(engine.metrics().state()).isEqualTo(DeliveryState.WAITING_TO_REPLAY);

        commit(3, Priority.NORMAL);
        store.append(temperature(99, clock.instant()), Priority.ALARM);
        store.flush();
        tick(3);
        // the alarm first, in a lane of its own, then the fresh readings
        assertThat(sender.count()).isEqualTo(2);
        Batch alarm = sender.sent.get(0).batch();
        assertThat(alarm.lane()).isEqualTo(Lane.ALARM);
        assertThat(seqs(alarm)).containsExactly(104L);
        Batch live = sender.last().batch();
        assertThat(live.lane()).isEqualTo(Lane.LIVE);
        assertThat(seqs(live)).containsExactly(101L, 102L, 103L);

        clock.advance(settings.maxReplayStartDelay());
        commit(1, Priority.NORMAL); // the live lane stays ahead while the backlog drains
        tick(1);
        assertThat(sender.last().batch().lane()).isEqualTo(Lane.LIVE);
        tick(10);
        List<Long> backlog = new ArrayList<>();
        sender.sent.stream().filter(s -> s.batch().lane() == Lane.BACKLOG).forEach(s -> backlog.addAll(seqs(s.batch())));
        assertThat(backlog).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(engine.metrics().state()).isEqualTo(DeliveryState.LIVE);
    }

    @Test
    void replayIsHeldToItsReadingRate() {
        DeliverySettings settings = new DeliverySettings(100, 10, 0, Duration.ZERO, Duration.ofSeconds(4),
                Duration.ofSeconds(64), Duration.ofSeconds(30));
        start(settings);
        commit(1_000, Priority.NORMAL);
        uplink.setRegistered(true);
        Instant start = clock.instant();
        for (int step = 0; step < 700; step++) { // 70 s
            engine.tick();
            double elapsed = Duration.between(start, clock.instant()).toMillis() / 1000.0;
            assertThat((double) sender.readingsSent()).as("at %.1f s", elapsed).isLessThanOrEqualTo(10 * elapsed + 10);
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(sender.readingsSent()).isBetween(680L, 710L);
        assertThat(engine.metrics().drainRatePerSecond()).isBetween(9.0, 11.0);
    }

    @Test
    void replayIsHeldToItsByteRateCountedInEncodedBytesNotTheEstimate() {
        DeliverySettings settings = new DeliverySettings(250, 0, 640, Duration.ZERO, Duration.ofSeconds(4),
                Duration.ofSeconds(64), Duration.ofSeconds(30));
        start(settings);
        // these readings encode to more than three times the estimate (long names, no common base)
        sender.encoded = b -> 300 + 40L * b.size();
        commit(3_000, Priority.NORMAL);
        uplink.setRegistered(true);
        Instant start = clock.instant();
        long oneBatch = 0;
        for (int step = 0; step < 300; step++) {
            engine.tick();
            double elapsed = Duration.between(start, clock.instant()).toMillis() / 1000.0;
            long bytes = sender.sent.stream().mapToLong(s -> sender.wireBytes(s.batch())).sum();
            oneBatch = sender.sent.stream().mapToLong(s -> sender.wireBytes(s.batch())).max().orElse(0);
            // the bucket's burst, and the one batch the estimate let through before its real size was known
            assertThat((double) bytes).as("at %.1f s", elapsed).isLessThanOrEqualTo(640 * elapsed + 640 + oneBatch);
            clock.advance(Duration.ofMillis(100));
        }
        long bytes = sender.sent.stream().mapToLong(s -> sender.wireBytes(s.batch())).sum();
        assertThat(bytes).isGreaterThan(640L * 25);
    }

    @Test
    void replayStartsAfterARandomDelayWithinItsBound() {
        Duration max = Duration.ofMinutes(5);
        DeliverySettings settings = new DeliverySettings(250, 0, 0, max, Duration.ofSeconds(4), Duration.ofSeconds(64),
                Duration.ofSeconds(30));
        start(settings);
        commit(5, Priority.NORMAL);
        Set<Long> delays = new HashSet<>();
        for (int seed = 0; seed < 12; seed++) {
            FakeSender seeded = new FakeSender(clock);
            DeliveryEngine e = new DeliveryEngine(store, seeded, uplink, settings, clock, new Random(seed));
            uplink.setRegistered(true);
            Instant connected = clock.instant();
            e.tick();
            while (seeded.count() == 0) {
                clock.advance(Duration.ofSeconds(1));
                e.tick();
                assertThat(Duration.between(connected, clock.instant())).isLessThanOrEqualTo(max.plusSeconds(1));
            }
            delays.add(Duration.between(connected, seeded.sent.get(0).at()).toSeconds());
            seeded.sent.get(0).outcome().complete(new SendOutcome.Failed("keep it for the next engine"));
            uplink.setRegistered(false);
        }
        assertThat(delays).hasSizeGreaterThan(6); // spread, not one fixed delay
    }

    @Test
    void aBatchRejectedAsMalformedIsMovedAsideAndNotRetried() {
        start(FAST);
        commit(8, Priority.NORMAL);
        sender.answer = b -> b.range().first() == 1 ? new SendOutcome.Rejected("4.00 Bad Request") : SendOutcome.acknowledged();
        uplink.setRegistered(true);
        tick(10);
        assertThat(sender.sent).extracting(s -> s.batch().range()).containsExactly(new SeqRange(1, 4), new SeqRange(5, 8));
        assertThat(engine.metrics().quarantinedBatches()).isEqualTo(1);
        store.flush();
        assertThat(store.metrics().rejectedReadings()).isEqualTo(4);
        assertThat(store.metrics().depth()).isZero();
    }

    @Test
    void nothingIsSentWhileMutedOrNotRegistered() {
        start(FAST);
        commit(3, Priority.ALARM);
        tick(5);
        uplink.setRegistered(true);
        uplink.setSendMuted(true);
        tick(5);
        assertThat(sender.count()).isZero();
        assertThat(engine.metrics().state()).isEqualTo(DeliveryState.OFFLINE);
        uplink.setSendMuted(false);
        tick(1);
        assertThat(sender.count()).isEqualTo(1);
    }

    @Test
    void withNotificationStoringOffReadingsTakenOfflineAreNotKept() {
        start(FAST);
        uplink.setNotificationStoring(false);
        engine.offer(temperature(1, clock.instant()), Priority.NORMAL);
        uplink.setRegistered(true);
        engine.offer(temperature(2, clock.instant()), Priority.NORMAL);
        uplink.setRegistered(false);
        uplink.setNotificationStoring(true);
        engine.offer(temperature(3, clock.instant()), Priority.NORMAL);
        store.flush();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::value).containsExactly(2.0, 3.0);
        assertThat(engine.metrics().notStored()).isEqualTo(1);
    }

    @Test
    void deliveryFollowsAFreshStoreAfterQuarantine() throws Exception {
        start(FAST);
        commit(3, Priority.NORMAL);
        long oldEpoch = store.epoch();
        uplink.setRegistered(true);
        tick(3);
        Files.delete(dir.resolve("readings.db-wal"));
        commit(2, Priority.NORMAL);
        assertThat(store.epoch()).isNotEqualTo(oldEpoch);
        tick(3);
        Batch last = sender.last().batch();
        assertThat(last.epoch()).isEqualTo(store.epoch());
        assertThat(seqs(last)).containsExactly(1L, 2L);
        assertThat(engine.metrics().lastDelivery()).contains(clock.instant());
    }
}
