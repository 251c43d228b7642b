package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.streetnode.agent.store.Readings.temperature;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.delivery.DeliveryEngine;
import org.streetnode.agent.delivery.FakeSender;
import org.streetnode.agent.delivery.Lane;
import org.streetnode.agent.delivery.UplinkState;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.FaultEvent;

/**
 * The fault history in the store: a fault raised and cleared is two alarm records with their
 * times, committed at once, kept across a restart, corrected like readings when taken before the
 * clock was synchronised, kept longest when the buffer is full (on disk and in memory), and sent
 * from memory ahead of older readings while the store cannot be written.
 */
class FaultHistoryStoreTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    ReadingStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** A commit window of an hour: whatever is committed sooner was committed at once. */
    StoreSettings settings() {
        return StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1));
    }

    static FaultEvent event(String source, Fault.Kind kind, String message, boolean raised, Instant at) {
        return new FaultEvent(new Fault(source, kind, message, at), raised, at);
    }

    static List<StoredFaultEvent> events(List<StoredRecord> records) {
        return records.stream().filter(StoredFaultEvent.class::isInstance).map(StoredFaultEvent.class::cast).toList();
    }

    @Test
    void aSensorThatFailedAndRecoveredIsTwoRecordsWithTheirTimesCommittedAtOnceAndKept() {
        store = ReadingStore.open(settings(), clock, clock);
        Instant failed = clock.instant().plusMillis(700);
        store.append(temperature(20, clock.instant()));
        store.append(event("sensor:pm", Fault.Kind.PERIPHERAL, "sensor pm failed: device unavailable: no serial device"
                + " /dev/serial0", true, failed), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.lastSeq() == 2); // not an hour later
        clock.advance(Duration.ofMinutes(7));
        Instant recovered = clock.instant();
        store.append(event("sensor:pm", Fault.Kind.PERIPHERAL, "sensor pm failed: device unavailable: no serial device"
                + " /dev/serial0", false, recovered), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.lastSeq() == 3);

        store.close();
        store = ReadingStore.open(settings(), clock, clock);
        assertThat(store.readAlarms(0, Long.MAX_VALUE, 10)).extracting(StoredRecord::seq).containsExactly(2L, 3L);
        assertThat(events(store.read(0, Long.MAX_VALUE, 10)))
                .extracting(StoredFaultEvent::source, StoredFaultEvent::kind, StoredFaultEvent::raised,
                        StoredFaultEvent::timestamp, StoredFaultEvent::timeQuality, StoredFaultEvent::priority)
                .containsExactly(
                        tuple("sensor:pm", Fault.Kind.PERIPHERAL, true, Instant.parse("2026-03-01T12:00:00Z"),
                                TimeQuality.SYNCHRONISED, Priority.ALARM),
                        tuple("sensor:pm", Fault.Kind.PERIPHERAL, false, Instant.parse("2026-03-01T12:07:00Z"),
                                TimeQuality.SYNCHRONISED, Priority.ALARM));
        assertThat(events(store.read(0, Long.MAX_VALUE, 10)).get(0).message())
                .isEqualTo("sensor pm failed: device unavailable: no serial device /dev/serial0");
    }

    @Test
    void aLongMessageIsKeptToItsFirst200Characters() {
        store = ReadingStore.open(settings(), clock, clock);
        store.append(event("lamp:control", Fault.Kind.LAMP, "x".repeat(5000), true, clock.instant()), true);
        store.flush();
        String kept = events(store.readAlarms(0, Long.MAX_VALUE, 1)).get(0).message();
        assertThat(kept).hasSize(StoredFaultEvent.MAX_MESSAGE).startsWith("xxx").endsWith("x…");
    }

    @Test
    void anAlarmTakenBeforeTheClockWasSynchronisedIsCorrectedAsAReadingIs() {
        store = ReadingStore.open(settings(), clock, clock);
        Instant t1 = clock.instant();
        store.append(event("store:unwritable", Fault.Kind.STORE, "buffer: read only", true, t1), false);
        store.flush();
        assertThat(store.readAlarms(0, Long.MAX_VALUE, 1).get(0).timeQuality()).isEqualTo(TimeQuality.UNSYNCHRONISED);
        clock.advance(Duration.ofSeconds(30));
        Duration step = Duration.ofDays(3).plusMinutes(17);
        clock.step(step); // NTP sets the clock

        store.clockSynchronised();
        store.flush();
        assertThat(store.readAlarms(0, Long.MAX_VALUE, 1)).singleElement().satisfies(r -> {
            assertThat(r.timestamp()).isEqualTo(t1.plus(step));
            assertThat(r.timeQuality()).isEqualTo(TimeQuality.CORRECTED);
        });
    }

    @Test
    void alarmRecordsOutliveAFullBuffersDrops() {
        store = ReadingStore.open(settings().withQuotaBytes(256 * 1024), clock, clock);
        Instant failed = clock.instant();
        store.append(event("lamp:failure", Fault.Kind.LAMP, "lamp failure: commanded on at 100 % but it draws 0.000 A"
                + " (less than 0.100 A)", true, failed), true);
        long appended = 0;
        for (int window = 0; window < 40; window++) {
            for (int i = 0; i < 500; i++) {
                store.append(temperature(appended++, clock.instant()));
            }
            store.flush();
            clock.advance(Duration.ofMinutes(1));
        }
        StoreMetrics m = store.metrics();
        assertThat(m.dropped().count(DropReason.QUOTA, Priority.NORMAL)).isGreaterThan(10_000);
        assertThat(m.dropped().count(DropReason.QUOTA, Priority.ALARM)).isZero();
        assertThat(events(store.readAlarms(0, Long.MAX_VALUE, 10))).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.source()).isEqualTo("lamp:failure");
            assertThat(e.timestamp()).isEqualTo(failed);
            assertThat(e.message()).startsWith("lamp failure: commanded on");
        });
        // the oldest reading left is far younger than the alarm
        assertThat(store.read(1, Long.MAX_VALUE, 1).get(0).seq()).isGreaterThan(10_000);
    }

    @Test
    void whileTheStoreCannotBeWrittenAnAlarmOutlivesMemoryDropsAndLeavesAheadOfOlderReadings() {
        // every connection read-only: the store cannot even be created, as on a read-only card
        ConnectionFactory readOnly = file -> {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            Connection c = config.createConnection("jdbc:sqlite:" + file);
            return c;
        };
        store = ReadingStore.open(settings().withMemoryQueue(50, 50), clock, clock, readOnly);
        assertThat(store.unwritable()).isPresent();
        for (int i = 0; i < 40; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.append(event("store:unwritable", Fault.Kind.STORE, "buffer: io error: read only", true, clock.instant()),
                true);
        for (int i = 40; i < 100; i++) {
            store.append(temperature(i, clock.instant()));
        }
        assertThat(store.metrics().dropped().count(DropReason.MEMORY, Priority.NORMAL)).isEqualTo(51);
        assertThat(store.metrics().dropped().count(DropReason.MEMORY, Priority.ALARM)).isZero();

        UplinkState uplink = new UplinkState();
        FakeSender sender = new FakeSender(clock);
        DeliveryEngine engine = new DeliveryEngine(store, sender, uplink, new DeliverySettings(20, 0, 0, Duration.ZERO,
                Duration.ofSeconds(4), Duration.ofSeconds(64), Duration.ofSeconds(30)), clock, new Random(1));
        uplink.setRegistered(true);
        for (int i = 0; i < 5; i++) {
            engine.tick();
        }
        assertThat(sender.count()).isGreaterThan(1);
        FakeSender.Sent first = sender.sent.get(0);
        assertThat(first.batch().lane()).isEqualTo(Lane.ALARM);
        assertThat(first.batch().epoch()).isEqualTo(store.memoryEpoch());
        assertThat(first.batch().readings()).singleElement().isInstanceOfSatisfying(StoredFaultEvent.class,
                e -> assertThat(e.source()).isEqualTo("store:unwritable"));
        assertThat(sender.sent.get(1).batch().readings()).allMatch(StoredReading.class::isInstance);
    }
}
