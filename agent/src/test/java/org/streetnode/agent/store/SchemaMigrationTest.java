package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.FaultEvent;

/** A store written by the previous version opens as it is: brought to this schema in place, nothing lost. */
class SchemaMigrationTest {
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

    /**
     * The file exactly as schema version 1 created it (application id, tables, meta), WAL mode,
     * with three readings of epoch 1712 left: seq 5 synchronised, 6 unsynchronised, 7 corrected,
     * and one drop counted.
     */
    private void writeVersion1Store() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("epoch"), "1712\n");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("readings.db"));
                Statement st = c.createStatement()) {
            st.execute("PRAGMA auto_vacuum = INCREMENTAL");
            st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
            st.execute("CREATE TABLE series (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, quantity TEXT NOT NULL,"
                    + " UNIQUE (sensor, quantity))");
            for (String table : new String[] {"reading_low", "reading_normal", "reading_alarm"}) {
                st.execute("CREATE TABLE " + table + " (seq INTEGER PRIMARY KEY, series INTEGER NOT NULL,"
                        + " t INTEGER NOT NULL, flags INTEGER NOT NULL, v REAL NOT NULL)");
            }
            st.execute("CREATE TABLE rejected (seq INTEGER PRIMARY KEY, priority INTEGER NOT NULL,"
                    + " series INTEGER NOT NULL, t INTEGER NOT NULL, flags INTEGER NOT NULL, v REAL NOT NULL,"
                    + " rejected_at INTEGER NOT NULL)");
            st.execute("CREATE TABLE drops (reason INTEGER NOT NULL, priority INTEGER NOT NULL, n INTEGER NOT NULL,"
                    + " PRIMARY KEY (reason, priority)) WITHOUT ROWID");
            st.execute("INSERT INTO meta (key, value) VALUES ('epoch', 1712), ('next_seq', 5)");
            st.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            st.execute("PRAGMA user_version = 1");
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("INSERT INTO series (id, sensor, quantity) VALUES (1, 'bme280', 'TEMPERATURE')");
            long t = Instant.parse("2026-02-28T10:00:00Z").toEpochMilli();
            st.execute("INSERT INTO reading_normal VALUES (5, 1, " + t + ", 0, 21.5), (6, 1, 60000, 1, 21.0),"
                    + " (7, 1, " + (t + 60_000) + ", 2, 20.5)");
            st.execute("INSERT INTO drops VALUES (1, 1, 4)");
        }
    }

    private long userVersion() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("readings.db"));
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getLong(1);
        }
    }

    @Test
    void aVersion1StoreIsMigratedInPlaceKeepingItsEpochReadingsAndCounts() throws Exception {
        writeVersion1Store();
        store = ReadingStore.open(StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1)), clock, clock);

        assertThat(store.alarm()).isEmpty();
        assertThat(dir.resolve("quarantine")).doesNotExist();
        assertThat(store.epoch()).isEqualTo(1712);
        assertThat(store.lastSeq()).isEqualTo(7);
        assertThat(store.metrics().dropped().count(DropReason.AGE, Priority.NORMAL)).isEqualTo(4);
        assertThat(userVersion()).isEqualTo(Schema.VERSION);

        // the old unsynchronised reading belongs to no known boot: it keeps its time, flagged, and
        // is neither corrected nor judged by age; new readings go on from seq 8 and are corrected
        store.append(Readings.unsynchronised(8, clock.instant()));
        clock.step(Duration.ofHours(2));
        store.clockSynchronised();
        store.flush();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10)))
                .extracting(StoredReading::seq, StoredReading::value, StoredReading::timestamp, StoredReading::timeQuality)
                .containsExactly(
                        tuple(5L, 21.5, Instant.parse("2026-02-28T10:00:00Z"), TimeQuality.SYNCHRONISED),
                        tuple(6L, 21.0, Instant.ofEpochMilli(60_000), TimeQuality.UNSYNCHRONISED),
                        tuple(7L, 20.5, Instant.parse("2026-02-28T10:01:00Z"), TimeQuality.CORRECTED),
                        tuple(8L, 8.0, Instant.parse("2026-03-01T14:00:00Z"), TimeQuality.CORRECTED));

        // the fault history has its place in the old file's tables now
        store.append(new FaultEvent(new Fault("sensor:air", Fault.Kind.PERIPHERAL, "sensor air failed: no ACK",
                clock.instant()), true, clock.instant()), true);
        store.flush();
        assertThat(store.readAlarms(0, Long.MAX_VALUE, 10)).singleElement().isInstanceOfSatisfying(StoredFaultEvent.class,
                e -> assertThat(e.message()).isEqualTo("sensor air failed: no ACK"));

        store.close(); // and it opens again as a store of this version
        store = ReadingStore.open(StoreSettings.defaults(dir), clock, clock);
        assertThat(store.epoch()).isEqualTo(1712);
        assertThat(store.metrics().depth()).isEqualTo(5);
    }
}
