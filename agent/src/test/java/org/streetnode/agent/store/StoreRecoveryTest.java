package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetnode.agent.store.Readings.temperature;
import static org.streetnode.agent.store.Readings.readings;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.streetnode.agent.config.StoreSettings;

/** A damaged store file set is quarantined and replaced; the store keeps working. */
class StoreRecoveryTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    ReadingStore store;

    StoreSettings settings() {
        return StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1));
    }

    ReadingStore open() {
        store = ReadingStore.open(settings(), clock, clock);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Writes {@code n} readings and closes the store; returns its epoch. */
    long storeWith(int n) {
        open();
        for (int i = 0; i < n; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.close();
        long epoch = store.epoch();
        store = null;
        clock.advance(Duration.ofSeconds(5));
        return epoch;
    }

    Path db() {
        return dir.resolve("readings.db");
    }

    @Test
    void aTruncatedFileIsQuarantinedAndReplaced() throws Exception {
        long oldEpoch = storeWith(5_000);
        try (RandomAccessFile f = new RandomAccessFile(db().toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertReplacedAndWorking(oldEpoch);
    }

    @Test
    void aFileTruncatedToNothingIsQuarantinedAndReplaced() throws Exception {
        long oldEpoch = storeWith(10);
        Files.write(db(), new byte[0]);
        assertReplacedAndWorking(oldEpoch);
    }

    @Test
    void bytesOverwrittenInTheMiddleAreFoundAtOpen() throws Exception {
        long oldEpoch = storeWith(5_000);
        long size = Files.size(db());
        long page = (size / 4096 / 2) * 4096; // a page in the middle: a table page, as nothing was deleted
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        try (RandomAccessFile f = new RandomAccessFile(db().toFile(), "rw")) {
            f.seek(page);
            f.write(garbage);
        }
        assertReplacedAndWorking(oldEpoch);
    }

    @Test
    void aFileReplacedByGarbageIsQuarantinedAndReplaced() throws Exception {
        long oldEpoch = storeWith(10);
        byte[] garbage = new byte[64 * 1024];
        new Random(11).nextBytes(garbage);
        Files.write(db(), garbage);
        assertReplacedAndWorking(oldEpoch);
    }

    @Test
    void anotherApplicationsSqliteFileIsNotTakenForAStore() throws Exception {
        long oldEpoch = storeWith(10);
        Files.delete(db());
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (text TEXT)");
        }
        assertReplacedAndWorking(oldEpoch);
    }

    @Test
    void aWalDeletedUnderAnOpenStoreIsFoldedInAndTheSetQuarantined() throws Exception {
        open();
        long oldEpoch = store.epoch();
        for (int i = 0; i < 100; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.flush();
        Files.delete(dir.resolve("readings.db-wal"));

        store.append(temperature(1000, clock.instant()));
        store.flush();

        assertThat(store.alarm()).hasValueSatisfying(a -> assertThat(a.reason()).isEqualTo(AlarmReason.STORE_QUARANTINED));
        assertThat(store.epoch()).isGreaterThan(oldEpoch);
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::seq, StoredReading::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1000.0));
        // the quarantined file holds every committed reading: the deleted WAL was folded in first
        Path quarantined = onlyQuarantinedFolder().resolve("readings.db");
        assertThat(countRows(quarantined)).isEqualTo(100);
    }

    @Test
    void aWalLostAfterACrashIsNotMistakenForACleanStop() throws Exception {
        open();
        long oldEpoch = store.epoch();
        store.append(temperature(1, clock.instant()));
        store.flush();
        // what a crash leaves behind: the file set with its WAL, and the open marker
        Path crashed = Files.createDirectory(dir.resolve("crashed"));
        for (String name : List.of("readings.db", "readings.db-wal", "readings.open", "epoch")) {
            Files.copy(dir.resolve(name), crashed.resolve(name));
        }
        Files.delete(crashed.resolve("readings.db-wal"));

        ReadingStore recovered = ReadingStore.open(StoreSettings.defaults(crashed), clock, clock);
        try {
            assertThat(recovered.alarm()).hasValueSatisfying(a -> assertThat(a.reason()).isEqualTo(AlarmReason.STORE_QUARANTINED));
            assertThat(recovered.epoch()).isGreaterThan(oldEpoch);
            assertThat(recovered.lastSeq()).isZero();
        } finally {
            recovered.close();
        }
    }

    @Test
    void aStoreOlderThanTheNodesEpochIsNotTrusted() throws Exception {
        long oldEpoch = storeWith(3);
        Files.writeString(dir.resolve("epoch"), (oldEpoch + 5) + "\n");
        open();
        assertThat(store.alarm()).isPresent();
        assertThat(store.epoch()).isGreaterThan(oldEpoch + 5);
    }

    @Test
    void theQuarantineFolderKeepsABoundedNumberOfFileSets() throws Exception {
        for (int i = 0; i < 8; i++) {
            storeWith(3);
            Files.write(db(), new byte[] {1, 2, 3});
        }
        open();
        try (Stream<Path> folders = Files.list(dir.resolve("quarantine"))) {
            assertThat(folders.count()).isEqualTo(settings().quarantineKeep());
        }
    }

    @Test
    void aStoreThatCannotBeOpenedKeepsReadingsInMemoryAndRecoversWithoutRestart() throws Exception {
        Path blocked = dir.resolve("store");
        Files.writeString(blocked, "a file where the store directory should be");
        store = ReadingStore.open(StoreSettings.defaults(blocked).withCommitWindow(Duration.ofHours(1)), clock, clock);
        store.append(temperature(1, clock.instant()));
        store.flush();
        assertThat(store.alarm()).hasValueSatisfying(a -> assertThat(a.reason()).isEqualTo(AlarmReason.IO_ERROR));
        assertThat(store.metrics().pendingInMemory()).isEqualTo(1);

        Files.delete(blocked);
        store.append(temperature(2, clock.instant()));
        store.flush();
        assertThat(store.alarm()).isEmpty();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::value).containsExactly(1.0, 2.0);
    }

    private void assertReplacedAndWorking(long oldEpoch) throws IOException {
        open();
        assertThat(store.alarm()).hasValueSatisfying(a -> {
            assertThat(a.reason()).isEqualTo(AlarmReason.STORE_QUARANTINED);
            assertThat(a.detail()).contains("quarantine");
        });
        assertThat(store.metrics().quarantinedStores()).isEqualTo(1);
        assertThat(store.epoch()).isGreaterThan(oldEpoch);
        assertThat(Files.readString(dir.resolve("epoch")).strip()).isEqualTo(Long.toString(store.epoch()));
        assertThat(onlyQuarantinedFolder().resolve("readings.db")).exists();

        store.append(temperature(42, clock.instant()));
        store.flush();
        List<StoredReading> read = readings(store.read(0, Long.MAX_VALUE, 10));
        assertThat(read).extracting(StoredReading::seq, StoredReading::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 42.0));
        store.acknowledge(store.epoch(), new SeqRange(1, 1));
        store.flush();
        assertThat(store.metrics().depth()).isZero();

        store.resetAlarm();
        assertThat(store.alarm()).isEmpty();
    }

    private Path onlyQuarantinedFolder() throws IOException {
        try (Stream<Path> folders = Files.list(dir.resolve("quarantine"))) {
            List<Path> all = folders.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static long countRows(Path file) throws Exception {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM reading_normal")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
