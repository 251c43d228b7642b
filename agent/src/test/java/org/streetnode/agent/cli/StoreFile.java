package org.streetnode.agent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * What a stopped agent's buffer holds, read from its files as the next start will find them:
 * the epoch, the last committed seq and the seqs still stored. Read from a copy of the store
 * file and its WAL (never the originals: opening them would fold the WAL into the file and
 * change what the agent recovers), with plain SQL, independent of the agent's own store code.
 *
 * @param epoch the store's epoch ({@code meta})
 * @param epochFile the {@code epoch} file beside it, empty if missing or unreadable
 * @param lastSeq the last seq ever committed: the highest stored seq or, when acknowledged rows
 *     were deleted, the recorded next seq minus one, whichever is higher
 * @param stored the seqs still in the reading tables
 * @param rejected readings moved aside as refused by the server
 * @param dropped readings the store dropped (quota, age, memory), from its own count
 */
record StoreFile(long epoch, Optional<Long> epochFile, long lastSeq, BitSet stored, long rejected, long dropped) {
    private static final List<String> READING_TABLES = List.of("reading_low", "reading_normal", "reading_alarm");

    /** Reads the store in {@code storeDir}; empty when there is no store file. */
    static Optional<StoreFile> read(Path storeDir, Path scratch) throws IOException, SQLException {
        Path db = storeDir.resolve("readings.db");
        if (!Files.exists(db)) {
            return Optional.empty();
        }
        Files.createDirectories(scratch);
        Path copy = scratch.resolve("readings.db");
        Path copyWal = scratch.resolve("readings.db-wal");
        Files.deleteIfExists(copyWal);
        Files.deleteIfExists(scratch.resolve("readings.db-shm"));
        Files.copy(db, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path wal = storeDir.resolve("readings.db-wal");
        if (Files.exists(wal)) {
            Files.copy(wal, copyWal);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement()) {
            long epoch = single(st, "SELECT value FROM meta WHERE key = 'epoch'");
            long nextSeq = single(st, "SELECT value FROM meta WHERE key = 'next_seq'");
            BitSet stored = new BitSet();
            long highest = 0;
            for (String table : READING_TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT seq FROM " + table)) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        stored.set(Math.toIntExact(seq));
                        highest = Math.max(highest, seq);
                    }
                }
            }
            long rejected = single(st, "SELECT count(*) FROM rejected");
            highest = Math.max(highest, single(st, "SELECT coalesce(max(seq), 0) FROM rejected"));
            long dropped = single(st, "SELECT coalesce(sum(n), 0) FROM drops");
            return Optional.of(new StoreFile(epoch, epochFile(storeDir.resolve("epoch")),
                    Math.max(highest, nextSeq - 1), stored, rejected, dropped));
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copyWal);
            Files.deleteIfExists(scratch.resolve("readings.db-shm"));
        }
    }

    private static Optional<Long> epochFile(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
