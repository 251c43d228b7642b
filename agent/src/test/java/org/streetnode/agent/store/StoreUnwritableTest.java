package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.streetnode.agent.store.Readings.temperature;
import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.delivery.DeliveryEngine;
import org.streetnode.agent.delivery.FakeSender;
import org.streetnode.agent.delivery.SendOutcome;
import org.streetnode.agent.delivery.UplinkState;

/**
 * A full disk or a read-only filesystem: the store survives, counts and recovers, and delivery
 * goes on from memory through the delivery engine: every reading reaches the sender once, none
 * is written after it was acknowledged, and what is still unsent when the store comes back goes
 * to disk in order. (The same on a real full tmpfs and a real read-only mount:
 * {@code delivery.StorageFailureTest}.)
 */
class StoreUnwritableTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    final AtomicReference<Connection> lastConnection = new AtomicReference<>();
    volatile boolean readOnly;
    ReadingStore store;

    /** Opens real SQLite connections, read-only while {@link #readOnly}, and remembers the last one. */
    final ConnectionFactory connections = file -> {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        lastConnection.set(c);
        return c;
    };

    StoreSettings settings() {
        return StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1)).withMemoryQueue(50, 50);
    }

    final UplinkState uplink = new UplinkState();
    final FakeSender sender = new FakeSender(clock);
    DeliveryEngine engine;

    /** Batches of 20, no replay delay or rate: what matters here is where readings go from. */
    static final DeliverySettings DELIVERY = new DeliverySettings(20, 0, 0, Duration.ZERO, Duration.ofSeconds(4),
            Duration.ofSeconds(64), Duration.ofSeconds(30));

    /** As {@link #DELIVERY}, but committed backlog waits an hour: it is not deleted, the disk stays full. */
    static final DeliverySettings BACKLOG_WAITS = new DeliverySettings(20, 0, 0, Duration.ofHours(1),
            Duration.ofSeconds(4), Duration.ofSeconds(64), Duration.ofSeconds(30));

    void deliverWith(DeliverySettings settings) {
        engine = new DeliveryEngine(store, sender, uplink, settings, clock, new Random(1));
    }

    void tick(int times) {
        for (int i = 0; i < times; i++) {
            engine.tick();
        }
    }

    /** Every reading the sender got, with the epoch and seq it went under, in the order sent. */
    record Delivered(long epoch, long seq, double value) {}

    List<Delivered> delivered() {
        List<Delivered> out = new ArrayList<>();
        for (FakeSender.Sent s : sender.sent) {
            readings(s.batch().readings()).forEach(r -> out.add(new Delivered(s.batch().epoch(), r.seq(), r.value())));
        }
        return out;
    }

    /**
     * Fills the store until a commit fails for want of space: SQLite reports SQLITE_FULL exactly
     * as for a full filesystem once max_page_count is reached. The alarms used as filling are
     * committed, but for the last, which waits in memory. Returns how many were appended.
     */
    int fillDisk() throws SQLException {
        setMaxPageCount(pageCount());
        int n = 0;
        while (store.alarm().isEmpty()) {
            // ordinary readings: alarm records would leave ahead of the backlog and make room
            store.append(temperature(FILLING + n++, clock.instant()), Priority.NORMAL);
            store.flush();
        }
        assertThat(store.alarm().get().reason()).isEqualTo(AlarmReason.DISK_FULL);
        return n;
    }

    static final int FILLING = 100_000;

    static List<Double> values(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> (double) i).toList();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aFullDiskKeepsReadingsInMemoryCountsWhatOverflowsAndCatchesUpLater() throws Exception {
        StoreSettings settings = settings().withMemoryQueue(300, 300);
        store = ReadingStore.open(settings, clock, clock, connections);
        store.append(temperature(0, clock.instant()));
        store.flush();
        // SQLite reports SQLITE_FULL exactly as for a full filesystem once max_page_count is reached
        setMaxPageCount(pageCount());

        for (int i = 1; i <= 300; i++) {
            store.append(temperature(i, clock.instant()), i % 5 == 0 ? Priority.LOW : Priority.NORMAL);
        }
        // the 300th append fills the window and triggers a commit, which needs a new page and fails
        await().atMost(Duration.ofSeconds(10)).until(() -> store.alarm().isPresent());
        assertThat(store.alarm().get().reason()).isEqualTo(AlarmReason.DISK_FULL);
        assertThat(store.metrics().pendingInMemory()).isEqualTo(300);

        // past the memory queue's capacity: the 60 LOW readings go first, then the oldest NORMAL
        for (int i = 301; i <= 370; i++) {
            store.append(temperature(i, clock.instant()));
        }
        DropCounts dropped = store.metrics().dropped();
        assertThat(dropped.count(DropReason.MEMORY, Priority.LOW)).isEqualTo(60);
        assertThat(dropped.count(DropReason.MEMORY, Priority.NORMAL)).isEqualTo(10);
        assertThat(store.lastSeq()).isEqualTo(1);

        // space again: the retry commits what waited, seq continues without a gap, drops persist
        setMaxPageCount(1_000_000);
        clock.advance(settings.retryInterval());
        store.flush();
        assertThat(store.alarm()).isEmpty();
        List<StoredReading> read = readings(store.read(0, Long.MAX_VALUE, 1000));
        assertThat(read).extracting(StoredReading::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 301).boxed().toList());
        assertThat(read.get(1).value()).isEqualTo(13.0); // the ten oldest NORMAL (1 to 12 but 5 and 10) were dropped
        assertThat(read.get(300).value()).isEqualTo(370.0);
        store.close();
        store = ReadingStore.open(settings, clock, clock, connections);
        assertThat(store.metrics().dropped().total(DropReason.MEMORY)).isEqualTo(70);
    }

    @Test
    void aReadOnlyFilesystemAtStartIsSurvivedAndTheStoreReopensWhenWritable() {
        store = ReadingStore.open(settings(), clock, clock, connections);
        store.append(temperature(1, clock.instant()));
        store.close();

        readOnly = true;
        store = ReadingStore.open(settings(), clock, clock, connections);
        store.append(temperature(2, clock.instant()));
        store.flush();
        assertThat(store.alarm()).hasValueSatisfying(a -> assertThat(a.reason())
                .isIn(AlarmReason.READ_ONLY, AlarmReason.IO_ERROR));
        assertThat(store.metrics().pendingInMemory()).isEqualTo(1);
        assertThat(dir.resolve("quarantine")).doesNotExist();

        readOnly = false;
        clock.advance(settings().retryInterval());
        store.append(temperature(3, clock.instant()));
        store.flush();
        assertThat(store.alarm()).isEmpty();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::seq, StoredReading::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, 1.0),
                org.assertj.core.groups.Tuple.tuple(2L, 2.0),
                org.assertj.core.groups.Tuple.tuple(3L, 3.0));
    }

    @Test
    void aReadOnlyStoreMidLifeIsRetriedNotQuarantined() throws Exception {
        store = ReadingStore.open(settings(), clock, clock, connections);
        store.append(temperature(1, clock.instant()));
        store.flush();
        // the filesystem goes read-only under the open store: the next commit fails, the store is reopened later
        try (Statement st = lastConnection.get().createStatement()) {
            st.execute("PRAGMA query_only = ON");
        }
        store.append(temperature(2, clock.instant()));
        store.flush();
        assertThat(store.alarm()).isPresent();
        assertThat(store.metrics().pendingInMemory()).isEqualTo(1);

        clock.advance(settings().retryInterval());
        store.flush();
        assertThat(store.alarm()).isEmpty();
        assertThat(store.lastSeq()).isEqualTo(2);
        assertThat(dir.resolve("quarantine")).doesNotExist();
    }

    @Test
    void aFullDiskDoesNotStopDeliveryReadingsGoFromMemoryAndAreNeverWritten() throws Exception {
        store = ReadingStore.open(settings(), clock, clock, connections);
        int filling = fillDisk();
        long lastCommitted = store.lastSeq();
        // the committed backlog waits for its random start: the disk stays full meanwhile
        deliverWith(BACKLOG_WAITS);
        uplink.setRegistered(true);
        tick(1);

        // six times what memory holds, while the disk stays full: nothing is dropped
        for (int i = 1; i <= 300; i++) {
            store.append(temperature(i, clock.instant()));
            if (i % 10 == 0) {
                store.flush();
                assertThat(store.alarm()).hasValueSatisfying(a -> assertThat(a.reason()).isEqualTo(AlarmReason.DISK_FULL));
                tick(2);
            }
        }
        assertThat(store.metrics().dropped().total()).isZero();
        assertThat(delivered()).extracting(Delivered::value).containsExactlyElementsOf(values(1, 300));
        // numbered in this run's own memory epoch, from 1 on, each number once
        assertThat(delivered()).extracting(Delivered::epoch).containsOnly(store.memoryEpoch());
        assertThat(store.memoryEpoch()).isGreaterThanOrEqualTo(1L << 62).isNotEqualTo(store.epoch());
        assertThat(delivered()).extracting(Delivered::seq).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 300).boxed().toList());

        // space again: what waited (the last filling alarm) and what comes now are committed, seq
        // going on; nothing that was acknowledged from memory was written
        setMaxPageCount(1_000_000);
        clock.advance(settings().retryInterval());
        for (int i = 301; i <= 303; i++) {
            store.append(temperature(i, clock.instant()));
        }
        tick(3); // the store is due to be tried again: the readings wait for that commit
        assertThat(delivered()).hasSize(300);
        store.flush();
        assertThat(store.alarm()).isEmpty();
        assertThat(readings(store.read(lastCommitted, Long.MAX_VALUE, 1000))).extracting(StoredReading::seq, StoredReading::value)
                .containsExactly(tuple(lastCommitted + 1, FILLING + filling - 1.0), tuple(lastCommitted + 2, 301.0),
                        tuple(lastCommitted + 3, 302.0), tuple(lastCommitted + 4, 303.0));
        tick(3);
        clock.advance(Duration.ofHours(1));
        tick(30);
        List<Double> expected = new ArrayList<>(values(1, 300));
        expected.addAll(List.of(FILLING + filling - 1.0, 301.0, 302.0, 303.0));
        expected.addAll(values(FILLING, FILLING + filling - 2));
        assertThat(delivered()).extracting(Delivered::value).containsExactlyElementsOf(expected);
        store.flush();
        assertThat(store.metrics().depth()).isZero();
    }

    @Test
    void aReadOnlyStoreAtStartDeliversFromMemoryAndWhatIsUnsentGoesToDiskInOrderWhenWritable() {
        store = ReadingStore.open(settings(), clock, clock, connections);
        store.append(temperature(1, clock.instant()));
        store.close();

        readOnly = true;
        store = ReadingStore.open(settings(), clock, clock, connections);
        deliverWith(DELIVERY);
        uplink.setRegistered(true);
        for (int i = 2; i <= 11; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.flush(); // the window's commit finds the store read-only
        assertThat(store.writable()).isFalse();
        tick(2);
        assertThat(delivered()).extracting(Delivered::value).containsExactlyElementsOf(values(2, 11));

        // the uplink goes; readings wait in memory; then the store is writable again
        uplink.setRegistered(false);
        for (int i = 12; i <= 14; i++) {
            store.append(temperature(i, clock.instant()));
        }
        tick(1);
        readOnly = false;
        clock.advance(settings().retryInterval());
        store.flush();
        assertThat(store.alarm()).isEmpty();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 100))).extracting(StoredReading::seq, StoredReading::value)
                .containsExactly(tuple(1L, 1.0), tuple(2L, 12.0), tuple(3L, 13.0), tuple(4L, 14.0));
        uplink.setRegistered(true);
        tick(3);
        assertThat(delivered()).extracting(Delivered::value).containsExactlyInAnyOrderElementsOf(values(1, 14));
        assertThat(new HashSet<>(delivered())).hasSameSizeAs(delivered());
    }

    @Test
    void aBatchFromMemoryWhoseOutcomeIsUnknownIsResentAsItIsBeforeTheStoreCatchesUp() throws Exception {
        store = ReadingStore.open(settings(), clock, clock, connections);
        int filling = fillDisk();
        deliverWith(BACKLOG_WAITS);
        uplink.setRegistered(true);
        tick(1);
        sender.answer = b -> null; // the test answers
        for (int i = 1; i <= 5; i++) {
            store.append(temperature(i, clock.instant()));
        }
        tick(1);
        FakeSender.Sent first = sender.last();
        assertThat(first.batch().epoch()).isEqualTo(store.memoryEpoch());

        // the disk has room again and takes what waits or came since; the Send from memory then fails
        store.append(temperature(6, clock.instant()));
        setMaxPageCount(1_000_000);
        clock.advance(settings().retryInterval());
        store.flush();
        assertThat(store.alarm()).isEmpty();
        first.outcome().complete(new SendOutcome.Failed("5.03"));
        tick(1);
        clock.advance(BACKLOG_WAITS.maxBackoff());
        sender.answer = b -> SendOutcome.acknowledged();
        tick(1);

        // the same readings under the same identities, before anything else; never written
        assertThat(sender.count()).isEqualTo(2);
        assertThat(sender.last().batch()).isEqualTo(first.batch());
        assertThat(readings(store.read(0, Long.MAX_VALUE, 1000))).extracting(StoredReading::value)
                .doesNotContain(1.0, 2.0, 3.0, 4.0, 5.0).contains(6.0);
        clock.advance(BACKLOG_WAITS.maxReplayStartDelay());
        tick(30);
        List<Double> expected = new ArrayList<>(values(1, 5));
        expected.addAll(values(1, 5));
        expected.addAll(values(FILLING, FILLING + filling - 1));
        expected.add(6.0);
        assertThat(delivered()).extracting(Delivered::value).containsExactlyElementsOf(expected);
        store.flush();
        assertThat(store.metrics().depth()).isZero();
    }

    @Test
    void aBatchFromMemoryStillInFlightWhenTheAgentStopsIsKeptInTheStore() throws Exception {
        store = ReadingStore.open(settings(), clock, clock, connections);
        fillDisk();
        deliverWith(BACKLOG_WAITS);
        uplink.setRegistered(true);
        tick(1);
        for (int i = 1; i <= 3; i++) {
            store.append(temperature(i, clock.instant()));
        }
        sender.answer = b -> null;
        tick(1);
        assertThat(sender.last().batch().size()).isEqualTo(3);
        setMaxPageCount(1_000_000);
        store.close(); // no outcome yet: the readings may not have arrived, so they are kept

        store = ReadingStore.open(settings(), clock, clock, connections);
        assertThat(readings(store.read(0, Long.MAX_VALUE, 1000))).extracting(StoredReading::value).endsWith(1.0, 2.0, 3.0);
    }

    @Test
    void withNeitherUplinkNorStorageTheOldestAreDroppedAndCountedThenTheRestIsReplayedBehindFreshReadings()
            throws Exception {
        store = ReadingStore.open(settings(), clock, clock, connections);
        int filling = fillDisk(); // the last one waits in memory, the oldest there
        deliverWith(BACKLOG_WAITS);
        for (int i = 1; i <= 80; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.flush();
        tick(2);
        assertThat(sender.count()).isZero();
        // memory holds 50: the 31 oldest readings (the last filler, then 1 to 30) made room
        assertThat(store.metrics().dropped().count(DropReason.MEMORY, Priority.NORMAL)).isEqualTo(31);
        assertThat(store.metrics().dropped().total()).isEqualTo(31);

        uplink.setRegistered(true);
        tick(1);
        store.append(temperature(81, clock.instant()));
        store.append(temperature(82, clock.instant()));
        tick(3);
        // fresh readings go at once (memory being full, two more of the oldest make room); the
        // committed backlog, then what memory held from before, wait for the random start, then
        // follow oldest first, as backlog
        assertThat(delivered()).extracting(Delivered::value).containsExactly(81.0, 82.0);
        assertThat(store.metrics().dropped().total()).isEqualTo(33);
        clock.advance(BACKLOG_WAITS.maxReplayStartDelay());
        store.flush(); // the store's retry, due by now, finds the disk still full
        tick(30);
        List<Double> expected = new ArrayList<>(List.of(81.0, 82.0));
        expected.addAll(values(FILLING, FILLING + filling - 2));
        expected.addAll(values(33, 80));
        assertThat(delivered()).extracting(Delivered::value).containsExactlyElementsOf(expected);
        assertThat(sender.sent.subList(1, sender.count())).extracting(s -> s.batch().lane())
                .containsOnly(org.streetnode.agent.delivery.Lane.BACKLOG);
    }

    @Test
    void everyRunNumbersWhatItSendsFromMemoryInItsOwnEpoch() {
        store = ReadingStore.open(settings(), clock, clock, connections);
        long first = store.memoryEpoch();
        store.close();
        clock.advance(Duration.ofSeconds(3)); // a restart (or a crash and a restart) in the same boot
        store = ReadingStore.open(settings(), clock, clock, connections);
        long second = store.memoryEpoch();
        store.close();
        clock.reboot(Duration.ZERO, Duration.ofSeconds(3)); // the same moment of another boot
        store = ReadingStore.open(settings(), clock, clock, connections);
        assertThat(List.of(first, second, store.memoryEpoch())).doesNotHaveDuplicates()
                .allSatisfy(e -> assertThat(e).isGreaterThanOrEqualTo(1L << 62).isNotEqualTo(store.epoch()));
    }

    private long pageCount() throws SQLException {
        try (Statement st = lastConnection.get().createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void setMaxPageCount(long pages) throws SQLException {
        try (Statement st = lastConnection.get().createStatement()) {
            st.execute("PRAGMA max_page_count = " + pages);
        }
    }
}
