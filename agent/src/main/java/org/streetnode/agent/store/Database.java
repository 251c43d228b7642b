package org.streetnode.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.health.Fault;
import org.streetnode.drivers.Quantity;
import org.tinylog.Logger;

/**
 * One open store file. Not thread-safe: {@link ReadingStore} calls it under its database lock.
 *
 * <p>The connection runs in WAL mode with {@code synchronous=FULL}: every group commit is
 * fsync'ed to the WAL before it is reported done, so a power cut cannot take back a commit, and
 * a crash at any moment leaves a consistent file. With one commit per window this costs one
 * fsync per window. {@code auto_vacuum=INCREMENTAL} lets the file give pages back when the quota
 * is lowered, without a whole-file VACUUM; otherwise freed pages are simply reused.
 */
final class Database implements AutoCloseable {
    /** Readings a page holds at least, whatever the estimate says: deleting fewer frees nothing. */
    private static final int MIN_DROP_CHUNK = 32;
    /**
     * What a new row may take, cell pointer and page slack included (a row is about 22 bytes in
     * a full page, measured). Only used to make room before inserting; the check after inserting
     * uses the real page count.
     */
    private static final int NEW_ROW_BYTES = 40;

    /**
     * A row of the series dictionary as stored: a sensor and the name of its quantity, or a
     * fault's source and {@link Schema#FAULT_QUANTITY_PREFIX} with its kind.
     */
    record SeriesKey(String sensor, String quantity) {
        static SeriesKey of(Payload p) {
            return switch (p) {
                case Payload.Measured m -> new SeriesKey(m.sensorId(), m.quantity().name());
                case Payload.FaultChange f -> new SeriesKey(f.source(), Schema.FAULT_QUANTITY_PREFIX + f.kind().name());
            };
        }

        /** What its rows hold; empty for a quantity or kind this version does not know (its rows cannot be sent). */
        Optional<Series> series() {
            if (quantity.startsWith(Schema.FAULT_QUANTITY_PREFIX)) {
                return known(Fault.Kind.class, quantity.substring(Schema.FAULT_QUANTITY_PREFIX.length()))
                        .map(kind -> new Series.Faults(sensor, kind));
            }
            return known(Quantity.class, quantity).map(q -> new Series.Readings(sensor, q));
        }

        private static <E extends Enum<E>> Optional<E> known(Class<E> type, String name) {
            try {
                return Optional.of(Enum.valueOf(type, name));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** A series' rows as records: a sensor's readings, or a source's fault events. */
    sealed interface Series {
        Payload payload(double value, String message);

        record Readings(String sensorId, Quantity quantity) implements Series {
            @Override
            public Payload payload(double value, String message) {
                return new Payload.Measured(sensorId, quantity, value);
            }
        }

        record Faults(String source, Fault.Kind kind) implements Series {
            @Override
            public Payload payload(double value, String message) {
                return new Payload.FaultChange(source, kind, message == null ? "" : message, value != 0);
            }
        }
    }

    /**
     * What one group commit does, in one transaction.
     *
     * @param bootOffsetMillis the wall clock minus the boot's clock, measured while the wall clock
     *     is synchronised: this boot's readings taken before are corrected to it
     */
    record Work(
            List<PendingBuffer.Entry> entries,
            List<PendingOp> ops,
            DropCounts carriedDrops,
            long nowMillis,
            Optional<Long> ageCutoffMillis,
            Optional<Long> bootOffsetMillis) {}

    /**
     * What it did. {@code lastSeq} is the last seq committed so far, inserted now or before;
     * {@code corrected} how many committed readings had their time corrected.
     */
    record Outcome(int inserted, long lastSeq, DropCounts drops, boolean shrank, int corrected) {}

    private final Connection conn;
    private final StoreSettings settings;
    private final long epoch;
    private final String bootId;
    private final int pageSize;
    private final Map<SeriesKey, Integer> seriesIds = new HashMap<>();
    private final Map<Integer, Series> seriesById = new HashMap<>();
    private final long[] rows = new long[Priority.values().length];
    private long rejectedRows;
    private long nextSeq;
    private DropCounts persistedDrops;
    /** The first seq of this boot's readings, once one is committed. */
    private Optional<Long> bootFirstSeq = Optional.empty();
    /** Whether readings of this boot taken before the clock was synchronised may be in the file. */
    private boolean uncorrected;

    private Database(Connection conn, StoreSettings settings, long epoch, long nextSeq, int pageSize, String bootId) {
        this.conn = conn;
        this.settings = settings;
        this.epoch = epoch;
        this.nextSeq = nextSeq;
        this.pageSize = pageSize;
        this.bootId = bootId;
    }

    /**
     * Creates a complete, empty store file at {@code target}: it is built under a temporary name
     * and renamed into place, so a crash during creation never leaves a half-made store behind.
     */
    static void create(ConnectionFactory factory, Path target, long epoch) throws StoreFault {
        Path tmp = target.resolveSibling(target.getFileName() + ".new");
        try {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + "-journal"));
            try (Connection c = factory.open(tmp); Statement st = c.createStatement()) {
                st.execute("PRAGMA auto_vacuum = INCREMENTAL");
                st.execute("PRAGMA synchronous = FULL");
                c.setAutoCommit(false);
                Schema.create(st, epoch);
                c.commit();
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.syncDirectory(target.getParent());
        } catch (SQLException e) {
            throw StoreFault.of(e);
        } catch (IOException e) {
            throw new StoreFault(StoreFault.Kind.IO, "cannot create " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens and checks an existing store file: its identity, schema version and structure. A
     * file of an earlier schema version is brought to this one in place.
     *
     * @param bootId the boot the readings committed through it are taken in
     */
    static Database open(ConnectionFactory factory, Path file, StoreSettings settings, String bootId) throws StoreFault {
        Connection c = null;
        try {
            c = factory.open(file);
            Database db;
            try (Statement st = c.createStatement()) {
                long appId = longQuery(st, "PRAGMA application_id");
                if (appId != Schema.APPLICATION_ID) {
                    throw new StoreFault(StoreFault.Kind.CORRUPT, "not a streetnode store (application_id " + appId + ")");
                }
                long version = longQuery(st, "PRAGMA user_version");
                if (version < 1 || version > Schema.VERSION) {
                    throw new StoreFault(StoreFault.Kind.CORRUPT, "unknown store schema version " + version);
                }
                // quick_check verifies every b-tree page and the freelist in one pass over the file,
                // skipping only index-vs-table cross checks; the only index is the series
                // dictionary's, so nothing the store relies on goes unchecked.
                String check = stringQuery(st, "PRAGMA quick_check(1)");
                if (!"ok".equals(check)) {
                    throw new StoreFault(StoreFault.Kind.CORRUPT, "quick_check: " + check);
                }
                String mode = stringQuery(st, "PRAGMA journal_mode = WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreFault(StoreFault.Kind.IO, "cannot use WAL mode (journal_mode " + mode + ")");
                }
                st.execute("PRAGMA synchronous = FULL");
                long walPages = Math.max(16, settings.walLimitBytes() / 4096 / 2);
                st.execute("PRAGMA wal_autocheckpoint = " + walPages);
                st.execute("PRAGMA journal_size_limit = " + settings.walLimitBytes());
                if (version < Schema.VERSION) {
                    migrate(c, st, version);
                }
                int pageSize = (int) longQuery(st, "PRAGMA page_size");
                Map<String, Long> meta = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
                    while (rs.next()) {
                        meta.put(rs.getString(1), rs.getLong(2));
                    }
                }
                if (!meta.containsKey("epoch") || !meta.containsKey("next_seq")) {
                    throw new StoreFault(StoreFault.Kind.CORRUPT, "store metadata incomplete: " + meta.keySet());
                }
                long maxSeq = 0;
                for (String table : Schema.tables()) {
                    maxSeq = Math.max(maxSeq, longQuery(st, "SELECT coalesce(max(seq), 0) FROM " + table));
                }
                long nextSeq = Math.max(meta.get("next_seq"), maxSeq + 1);
                db = new Database(c, settings, meta.get("epoch"), nextSeq, pageSize, bootId);
                db.load(st);
            }
            return db;
        } catch (SQLException e) {
            closeQuietly(c);
            throw StoreFault.of(e);
        } catch (StoreFault f) {
            closeQuietly(c);
            throw f;
        }
    }

    private static void migrate(Connection c, Statement st, long version) throws SQLException {
        c.setAutoCommit(false);
        try {
            Schema.migrate(st, version);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        Logger.info("buffer: store schema brought from version {} to {}", version, Schema.VERSION);
    }

    private void load(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT id, sensor, quantity FROM series")) {
            while (rs.next()) {
                remember(rs.getInt(1), new SeriesKey(rs.getString(2), rs.getString(3)));
            }
        }
        for (Priority p : Priority.values()) {
            rows[p.code()] = longQuery(st, "SELECT count(*) FROM " + Schema.table(p));
        }
        rejectedRows = longQuery(st, "SELECT count(*) FROM " + Schema.REJECTED);
        DropCounts drops = DropCounts.none();
        try (ResultSet rs = st.executeQuery("SELECT reason, priority, n FROM drops")) {
            while (rs.next()) {
                drops = drops.with(DropReason.values()[rs.getInt(1)], Priority.ofCode(rs.getInt(2)), rs.getLong(3));
            }
        }
        persistedDrops = drops;
        try (PreparedStatement ps = conn.prepareStatement("SELECT first_seq FROM boots WHERE boot_id = ?")) {
            ps.setString(1, bootId);
            try (ResultSet rs = ps.executeQuery()) {
                bootFirstSeq = rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
        if (bootFirstSeq.isPresent()) {
            for (Priority p : Priority.values()) {
                uncorrected |= longQuery(st, "SELECT EXISTS (SELECT 1 FROM " + Schema.table(p) + " WHERE seq >= "
                        + bootFirstSeq.get() + " AND " + UNCORRECTED + ")") != 0;
            }
        }
    }

    /** Rows whose time is to be corrected once the clock is synchronised: the boot's position is known. */
    private static final String UNCORRECTED = "(flags & " + TimeQuality.UNSYNCHRONISED_BIT + ") <> 0 AND boot_ms IS NOT NULL";

    /** Whether committed readings of this boot wait for their time to be corrected. */
    boolean needsCorrection() {
        return uncorrected;
    }

    long epoch() {
        return epoch;
    }

    long lastSeq() {
        return nextSeq - 1;
    }

    long depth() {
        long sum = 0;
        for (long r : rows) {
            sum += r;
        }
        return sum;
    }

    long rejectedRows() {
        return rejectedRows;
    }

    DropCounts persistedDrops() {
        return persistedDrops;
    }

    /** Runs one group commit. On failure nothing changed, in the file or in this object. */
    Outcome commit(Work work) throws StoreFault {
        Transaction tx = new Transaction(work.nowMillis());
        try {
            conn.setAutoCommit(false);
            for (PendingOp op : work.ops()) {
                tx.apply(op);
            }
            work.ageCutoffMillis().ifPresent(cutoff -> tx.dropOlderThan(cutoff));
            tx.makeRoom(work.entries().size());
            tx.insert(work.entries());
            // after inserting, so that a reading the sampler flagged a moment late is corrected too
            work.bootOffsetMillis().ifPresent(offset -> tx.correct(offset));
            tx.makeRoom(0);
            tx.trimRejected();
            tx.returnSpaceOverQuota();
            tx.persistCounters(work.carriedDrops());
            conn.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreFault.of(e);
        } catch (Transaction.Failure f) {
            rollbackQuietly();
            throw StoreFault.of(f.sql);
        } finally {
            autoCommitQuietly();
        }
        tx.publish();
        return new Outcome(work.entries().size(), lastSeq(), tx.drops, tx.shrank, tx.corrected);
    }

    /**
     * Committed records of priority {@code atLeast} or higher with {@code after < seq <= upTo},
     * oldest first, at most {@code limit}: a merge of the priority tables by seq.
     */
    List<StoredRecord> read(long after, long upTo, int limit, Priority atLeast) throws StoreFault {
        StringBuilder sql = new StringBuilder("SELECT seq, p, series, t, flags, v, message FROM (");
        String union = "";
        for (Priority p : Priority.values()) {
            if (p.compareTo(atLeast) < 0) {
                continue;
            }
            sql.append(union).append("SELECT * FROM (SELECT seq, ").append(p.code()).append(" AS p, series, t, flags, v, ")
                    .append(Schema.hasMessage(p) ? "message" : "NULL AS message").append(" FROM ")
                    .append(Schema.table(p)).append(" WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3)");
            union = " UNION ALL ";
        }
        sql.append(") ORDER BY seq LIMIT ?3");
        List<StoredRecord> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Series series = seriesById.get(rs.getInt(3));
                    if (series == null) {
                        continue; // a quantity or fault kind this version does not know: cannot be sent
                    }
                    out.add(series.payload(rs.getDouble(6), rs.getString(7)).stored(rs.getLong(1),
                            Priority.ofCode(rs.getInt(2)), Instant.ofEpochMilli(rs.getLong(4)),
                            TimeQuality.ofFlags(rs.getInt(5))));
                }
            }
        } catch (SQLException e) {
            throw StoreFault.of(e);
        }
        return out;
    }

    /** The timestamp of the lowest-seq committed record. */
    Optional<Instant> oldest() throws StoreFault {
        List<StoredRecord> first = read(0, Long.MAX_VALUE, 1, Priority.LOW);
        return first.isEmpty() ? Optional.empty() : Optional.of(first.get(0).timestamp());
    }

    /** Folds the WAL into the file and truncates it once it has grown past its share of the quota. */
    void checkpointIfLarge(Path wal) throws StoreFault {
        long size;
        try {
            size = Files.size(wal);
        } catch (IOException e) {
            return;
        }
        if (size > settings.walLimitBytes() / 2) {
            checkpoint();
        }
    }

    void checkpoint() throws StoreFault {
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw StoreFault.of(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(conn);
    }

    private void remember(int id, SeriesKey key) {
        seriesIds.put(key, id);
        key.series().ifPresent(series -> seriesById.put(id, series));
    }

    private static long longQuery(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String stringQuery(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException e) {
            // the connection is already failing; the caller handles the original error
        }
    }

    private void autoCommitQuietly() {
        try {
            conn.setAutoCommit(true);
        } catch (SQLException e) {
            // as above
        }
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // closing a broken connection: nothing more to do
        }
    }

    /**
     * The body of one group commit. Changes to this object's counters are staged here and only
     * published once SQLite reports the commit done.
     */
    private final class Transaction {
        /** Carries an SQLException through the lambdas used above. */
        static final class Failure extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final transient SQLException sql;

            Failure(SQLException sql) {
                super(sql);
                this.sql = sql;
            }
        }

        private final long nowMillis;
        private final long[] rowsAfter = rows.clone();
        private long rejectedAfter = rejectedRows;
        private long seq = nextSeq;
        private final Map<SeriesKey, Integer> newSeries = new HashMap<>();
        private Optional<Long> bootFirstSeqAfter = bootFirstSeq;
        private boolean uncorrectedAfter = uncorrected;
        private boolean deleted;
        boolean shrank;
        int corrected;
        DropCounts drops = DropCounts.none();
        private DropCounts carried = DropCounts.none();

        Transaction(long nowMillis) {
            this.nowMillis = nowMillis;
        }

        /**
         * This boot's readings taken before the clock was synchronised get the time the boot's
         * clock gives them, to the second: however often and however far the wall clock was
         * stepped since, and whether or not it was already right when they were taken.
         */
        void correct(long bootOffsetMillis) {
            if (bootFirstSeqAfter.isEmpty() || !uncorrectedAfter) {
                return;
            }
            try (Statement st = conn.createStatement()) {
                for (Priority p : Priority.values()) {
                    corrected += st.executeUpdate("UPDATE " + Schema.table(p) + " SET t = (" + bootOffsetMillis
                            + " + boot_ms) / 1000 * 1000, flags = (flags & ~" + TimeQuality.UNSYNCHRONISED_BIT + ") | "
                            + TimeQuality.CORRECTED_BIT + " WHERE seq >= " + bootFirstSeqAfter.get() + " AND " + UNCORRECTED);
                }
            } catch (SQLException e) {
                throw new Failure(e);
            }
            uncorrectedAfter = false;
        }

        void apply(PendingOp op) throws SQLException {
            SeqRange r = op.range();
            for (Priority p : Priority.values()) {
                String table = Schema.table(p);
                if (op instanceof PendingOp.Reject) {
                    String message = Schema.hasMessage(p) ? "message" : "NULL";
                    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + Schema.REJECTED
                            + " (seq, priority, series, t, flags, v, rejected_at, message) SELECT seq, " + p.code()
                            + ", series, t, flags, v, ?, " + message + " FROM " + table + " WHERE seq BETWEEN ? AND ?")) {
                        ps.setLong(1, nowMillis);
                        ps.setLong(2, r.first());
                        ps.setLong(3, r.last());
                        rejectedAfter += ps.executeUpdate();
                    }
                }
                rowsAfter[p.code()] -= deleteRange(table, r);
            }
        }

        private int deleteRange(String table, SeqRange r) throws SQLException {
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE seq BETWEEN ? AND ?")) {
                ps.setLong(1, r.first());
                ps.setLong(2, r.last());
                int n = ps.executeUpdate();
                deleted |= n > 0;
                return n;
            }
        }

        void dropOlderThan(long cutoffMillis) {
            try (PreparedStatement rejected = conn.prepareStatement("DELETE FROM " + Schema.REJECTED + " WHERE t < ?")) {
                for (Priority p : Priority.values()) {
                    // a time never synchronised says nothing about age: such readings stay (within the quota)
                    try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + Schema.table(p) + " WHERE t < ? AND (flags & "
                            + TimeQuality.UNSYNCHRONISED_BIT + ") = 0")) {
                        ps.setLong(1, cutoffMillis);
                        int n = ps.executeUpdate();
                        rowsAfter[p.code()] -= n;
                        drops = drops.with(DropReason.AGE, p, n);
                        deleted |= n > 0;
                    }
                }
                rejected.setLong(1, cutoffMillis);
                int n = rejected.executeUpdate();
                rejectedAfter -= n;
                deleted |= n > 0;
            } catch (SQLException e) {
                throw new Failure(e);
            }
        }

        /**
         * Drops the lowest-priority oldest readings until the file, with {@code incoming} more
         * rows, stays within its budget; leaves a little headroom so that dropping happens in
         * chunks of a few pages, not on every commit.
         */
        void makeRoom(int incoming) throws SQLException {
            long budget = settings.databaseBudgetBytes();
            long headroom = Math.max(budget / 50, 8L * pageSize);
            for (int round = 0; round < 256; round++) {
                long used = usedBytes();
                long total = sum(rowsAfter);
                long projected = used + (long) incoming * NEW_ROW_BYTES;
                if (projected <= budget || total == 0) {
                    return;
                }
                // measured bytes per row, bounded: a nearly empty file is mostly schema pages
                double perRow = Math.min(NEW_ROW_BYTES, Math.max(16.0, (double) used / total));
                long excess = projected - (budget - headroom);
                long n = Math.max(MIN_DROP_CHUNK, (long) Math.ceil(excess / perRow));
                dropOldest(n);
            }
        }

        private void dropOldest(long n) throws SQLException {
            for (Priority p : Priority.values()) {
                long take = Math.min(n, rowsAfter[p.code()]);
                if (take <= 0) {
                    continue;
                }
                String table = Schema.table(p);
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table
                        + " WHERE seq IN (SELECT seq FROM " + table + " ORDER BY seq LIMIT ?)")) {
                    ps.setLong(1, take);
                    int d = ps.executeUpdate();
                    rowsAfter[p.code()] -= d;
                    drops = drops.with(DropReason.QUOTA, p, d);
                    deleted |= d > 0;
                    n -= d;
                }
                if (n <= 0) {
                    return;
                }
            }
        }

        void insert(List<PendingBuffer.Entry> entries) throws SQLException {
            if (entries.isEmpty()) {
                return;
            }
            if (bootFirstSeqAfter.isEmpty()) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO boots (boot_id, first_seq) VALUES (?, ?)")) {
                    ps.setString(1, bootId);
                    ps.setLong(2, seq);
                    ps.executeUpdate();
                }
                bootFirstSeqAfter = Optional.of(seq);
            }
            PreparedStatement[] inserts = new PreparedStatement[Priority.values().length];
            try {
                for (Priority p : Priority.values()) {
                    inserts[p.code()] = conn.prepareStatement("INSERT INTO " + Schema.table(p) + " (seq, series, t,"
                            + " flags, v, boot_ms" + (Schema.hasMessage(p) ? ", message) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                    : ") VALUES (?, ?, ?, ?, ?, ?)"));
                }
                for (PendingBuffer.Entry e : entries) {
                    Priority p = e.priority();
                    PreparedStatement ps = inserts[p.code()];
                    ps.setLong(1, seq++);
                    ps.setInt(2, seriesId(SeriesKey.of(e.payload())));
                    ps.setLong(3, e.timestamp().toEpochMilli());
                    ps.setInt(4, e.flags());
                    switch (e.payload()) {
                        case Payload.Measured m -> ps.setDouble(5, m.value());
                        case Payload.FaultChange f -> ps.setDouble(5, f.raised() ? 1 : 0);
                    }
                    if (e.uncorrected()) {
                        ps.setLong(6, e.bootMillis());
                        uncorrectedAfter = true;
                    } else {
                        ps.setNull(6, java.sql.Types.INTEGER);
                    }
                    if (Schema.hasMessage(p)) {
                        ps.setString(7, e.payload() instanceof Payload.FaultChange f ? f.message() : null);
                    }
                    ps.executeUpdate();
                    rowsAfter[p.code()]++;
                }
            } finally {
                for (PreparedStatement ps : inserts) {
                    if (ps != null) {
                        ps.close();
                    }
                }
            }
        }

        private int seriesId(SeriesKey key) throws SQLException {
            Integer id = seriesIds.get(key);
            if (id == null) {
                id = newSeries.get(key);
            }
            if (id != null) {
                return id;
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO series (sensor, quantity) VALUES (?, ?) RETURNING id")) {
                ps.setString(1, key.sensor());
                ps.setString(2, key.quantity());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int created = rs.getInt(1);
                    newSeries.put(key, created);
                    return created;
                }
            }
        }

        void trimRejected() throws SQLException {
            long excess = rejectedAfter - settings.maxRejectedReadings();
            if (excess <= 0) {
                return;
            }
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + Schema.REJECTED
                    + " WHERE seq IN (SELECT seq FROM " + Schema.REJECTED + " ORDER BY seq LIMIT ?)")) {
                ps.setLong(1, excess);
                rejectedAfter -= ps.executeUpdate();
                deleted = true;
            }
        }

        /** Gives free pages back to the filesystem only when the file is over budget (quota lowered). */
        void returnSpaceOverQuota() throws SQLException {
            long budgetPages = settings.databaseBudgetBytes() / pageSize;
            try (Statement st = conn.createStatement()) {
                // the driver steps the pragma once, and each step frees one page: repeat
                for (int guard = 0; guard < 1_000_000; guard++) {
                    long over = longQuery(st, "PRAGMA page_count") - budgetPages;
                    if (over <= 0 || longQuery(st, "PRAGMA freelist_count") == 0) {
                        return;
                    }
                    st.execute("PRAGMA incremental_vacuum(" + over + ")");
                    shrank = true;
                }
            }
        }

        void persistCounters(DropCounts carriedDrops) throws SQLException {
            carried = carriedDrops;
            DropCounts toAdd = carriedDrops.plus(drops);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO drops (reason, priority, n) VALUES (?, ?, ?)"
                    + " ON CONFLICT (reason, priority) DO UPDATE SET n = n + excluded.n")) {
                for (DropReason r : DropReason.values()) {
                    for (Priority p : Priority.values()) {
                        long n = toAdd.count(r, p);
                        if (n != 0) {
                            ps.setInt(1, r.code());
                            ps.setInt(2, p.code());
                            ps.setLong(3, n);
                            ps.executeUpdate();
                        }
                    }
                }
            }
            if (deleted) {
                // Rows are gone: remember how far seq got, or an emptied store would restart it.
                try (PreparedStatement ps = conn.prepareStatement("UPDATE meta SET value = ? WHERE key = 'next_seq'")) {
                    ps.setLong(1, seq);
                    ps.executeUpdate();
                }
            }
        }

        private long usedBytes() throws SQLException {
            try (Statement st = conn.createStatement()) {
                return (longQuery(st, "PRAGMA page_count") - longQuery(st, "PRAGMA freelist_count")) * pageSize;
            }
        }

        /** Makes the committed changes visible in the counters. */
        void publish() {
            System.arraycopy(rowsAfter, 0, rows, 0, rows.length);
            rejectedRows = rejectedAfter;
            nextSeq = seq;
            bootFirstSeq = bootFirstSeqAfter;
            uncorrected = uncorrectedAfter;
            newSeries.forEach((k, id) -> remember(id, k));
            persistedDrops = persistedDrops.plus(carried).plus(drops);
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
