package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.streetnode.agent.store.Readings.temperature;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** A full disk or a read-only filesystem: the store survives, counts and recovers. */
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
        List<StoredReading> read = store.read(0, Long.MAX_VALUE, 1000);
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
        assertThat(store.read(0, Long.MAX_VALUE, 10)).extracting(StoredReading::seq, StoredReading::value).containsExactly(
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
