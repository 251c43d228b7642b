package org.streetnode.agent.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables. One table per priority, each keyed by seq (the rowid): every table is
 * appended at its end and dropped or acknowledged from its start, so freed pages are whole pages
 * that SQLite reuses, and dropping the lowest priority first never leaves half-empty pages
 * behind. A row is about 30 bytes: seq (rowid varint), a series id from a small dictionary, the
 * timestamp in epoch milliseconds, a flags byte, the value as REAL and, only for a reading taken
 * before the clock was synchronised, where it was taken on the boot's clock ({@code boot_ms},
 * milliseconds since boot; NULL, one header byte, otherwise). Which boot that is, the
 * {@code boots} table says: every boot's readings have seqs from its {@code first_seq} on.
 *
 * <p>The fault history is kept in the alarm table, a row per fault raised or cleared: its series
 * names the fault's source and, as quantity, {@value #FAULT_QUANTITY_PREFIX} and the fault's kind
 * ({@code fault:LAMP}); the value is 1 when raised and 0 when cleared, and {@code message} (only
 * the alarm and rejected tables have it; NULL for readings) says what was wrong.
 *
 * <p>Version 1 had neither {@code boot_ms} nor {@code boots}, version 2 no {@code message};
 * {@link #migrate} adds them in place (readings of version 1 then belong to no known boot).
 */
final class Schema {
    /** "StNd": tells a streetnode store from any other SQLite file. */
    static final int APPLICATION_ID = 0x53744E64;
    static final int VERSION = 3;
    /** The quantity of a series of fault events: this, then the fault's kind. */
    static final String FAULT_QUANTITY_PREFIX = "fault:";

    private Schema() {}

    static String table(Priority p) {
        return switch (p) {
            case LOW -> "reading_low";
            case NORMAL -> "reading_normal";
            case ALARM -> "reading_alarm";
        };
    }

    static final String REJECTED = "rejected";

    static List<String> tables() {
        return List.of(table(Priority.LOW), table(Priority.NORMAL), table(Priority.ALARM), REJECTED);
    }

    static void create(Statement st, long epoch) throws SQLException {
        st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
        st.execute("CREATE TABLE series (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, quantity TEXT NOT NULL,"
                + " UNIQUE (sensor, quantity))");
        for (Priority p : Priority.values()) {
            st.execute("CREATE TABLE " + table(p) + " (seq INTEGER PRIMARY KEY, series INTEGER NOT NULL,"
                    + " t INTEGER NOT NULL, flags INTEGER NOT NULL, v REAL NOT NULL, boot_ms INTEGER"
                    + (hasMessage(p) ? ", message TEXT)" : ")"));
        }
        createBoots(st);
        st.execute("CREATE TABLE " + REJECTED + " (seq INTEGER PRIMARY KEY, priority INTEGER NOT NULL,"
                + " series INTEGER NOT NULL, t INTEGER NOT NULL, flags INTEGER NOT NULL, v REAL NOT NULL,"
                + " rejected_at INTEGER NOT NULL, message TEXT)");
        st.execute("CREATE TABLE drops (reason INTEGER NOT NULL, priority INTEGER NOT NULL, n INTEGER NOT NULL,"
                + " PRIMARY KEY (reason, priority)) WITHOUT ROWID");
        st.execute("INSERT INTO meta (key, value) VALUES ('epoch', " + epoch + "), ('next_seq', 1)");
        st.execute("PRAGMA application_id = " + APPLICATION_ID);
        st.execute("PRAGMA user_version = " + VERSION);
    }

    /** Whether the table of this priority has a {@code message} column: only the alarms' (fault events). */
    static boolean hasMessage(Priority p) {
        return p == Priority.ALARM;
    }

    /** Brings a store of an earlier version to this version, in the caller's transaction. */
    static void migrate(Statement st, long fromVersion) throws SQLException {
        if (fromVersion < 2) {
            for (Priority p : Priority.values()) {
                st.execute("ALTER TABLE " + table(p) + " ADD COLUMN boot_ms INTEGER");
            }
            createBoots(st);
        }
        if (fromVersion < 3) {
            st.execute("ALTER TABLE " + table(Priority.ALARM) + " ADD COLUMN message TEXT");
            st.execute("ALTER TABLE " + REJECTED + " ADD COLUMN message TEXT");
        }
        st.execute("PRAGMA user_version = " + VERSION);
    }

    private static void createBoots(Statement st) throws SQLException {
        st.execute("CREATE TABLE boots (boot_id TEXT PRIMARY KEY, first_seq INTEGER NOT NULL) WITHOUT ROWID");
    }
}
