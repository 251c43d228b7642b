package org.streetnode.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.delivery.DeliveryEngine;
import org.streetnode.agent.delivery.SendOutcome;
import org.streetnode.agent.delivery.UplinkState;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * Whole-process store-and-forward figures, each beside a baseline measured in the same run:
 * durable append throughput vs raw SQLite inserts in one transaction; bytes written to storage
 * per day (from /proc/self/io) for the default sensor set vs one commit per reading; time to
 * drain a 7-day backlog through the engine vs one raw SELECT of the same rows.
 * Run: agent/src/bench/store-bench.sh [throughput|wear|drain]
 */
public final class StoreForwardBench {
    static final int SENSORS = 12;
    static final Quantity[] QUANTITIES = Quantity.values();

    private StoreForwardBench() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        if (what.equals("all") || what.equals("throughput")) {
            throughput();
        }
        if (what.equals("all") || what.equals("wear")) {
            wear();
        }
        if (what.equals("all") || what.equals("drain")) {
            drain();
        }
    }

    static Reading reading(int sensor, double value, Instant at) {
        return new Reading("s" + sensor, QUANTITIES[sensor % QUANTITIES.length], value, at, true);
    }

    // ---- throughput --------------------------------------------------------------------------

    static void throughput() throws Exception {
        int n = 200_000;
        double bestStore = 0;
        double bestRaw = 0;
        for (int rep = 0; rep < 3; rep++) {
            Path dir = Files.createTempDirectory("bench-store");
            try (ReadingStore store = ReadingStore.open(StoreSettings.defaults(dir), Clock.systemUTC(), BootClock.system())) {
                Instant now = Instant.now();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    store.append(reading(i % SENSORS, i, now));
                }
                store.flush();
                bestStore = Math.max(bestStore, n / ((System.nanoTime() - t0) / 1e9));
            }
            delete(dir);
            bestRaw = Math.max(bestRaw, rawInserts(n));
        }
        System.out.printf("durable append (ReadingStore, window commits, synchronous=FULL): %,.0f readings/s%n", bestStore);
        System.out.printf("baseline raw SQLite: %d INSERTs in one transaction, same row layout: %,.0f rows/s%n", n, bestRaw);
    }

    static double rawInserts(int n) throws Exception {
        Path dir = Files.createTempDirectory("bench-raw");
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
                Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = FULL");
            st.execute("CREATE TABLE r (seq INTEGER PRIMARY KEY, series INTEGER NOT NULL, t INTEGER NOT NULL,"
                    + " flags INTEGER NOT NULL, v REAL NOT NULL, boot_ms INTEGER)");
            long now = System.currentTimeMillis();
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO r VALUES (?, ?, ?, ?, ?, NULL)")) {
                for (int i = 1; i <= n; i++) {
                    ps.setLong(1, i);
                    ps.setInt(2, i % SENSORS);
                    ps.setLong(3, now);
                    ps.setInt(4, 0);
                    ps.setDouble(5, i);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            delete(dir);
        }
    }

    // ---- wear --------------------------------------------------------------------------------

    static void wear() throws Exception {
        System.out.println("bytes written to storage for one simulated day, 12 readings every 60 s (write_bytes of /proc/self/io):");
        report("window commits (default 10 s window), offline", day(false, false));
        report("window commits, online: live lane sends each window, acks deleted in the next commit", day(false, true));
        report("baseline: one commit per reading, offline", day(true, false));
    }

    static void report(String what, long bytes) {
        System.out.printf("  %-88s %,12d bytes/day (%.1f MB)%n", what, bytes, bytes / 1e6);
    }

    static long day(boolean commitEachReading, boolean online) throws Exception {
        Path dir = Files.createTempDirectory("bench-wear");
        MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
        long before;
        try (ReadingStore store = ReadingStore.open(StoreSettings.defaults(dir), clock, clock)) {
            UplinkState uplink = new UplinkState();
            uplink.setRegistered(online);
            DeliveryEngine engine = new DeliveryEngine(store, b -> CompletableFuture.completedFuture(SendOutcome.acknowledged()),
                    uplink, DeliverySettings.defaults(), clock, new Random(1));
            before = writeBytes();
            for (int minute = 0; minute < 24 * 60; minute++) {
                for (int s = 0; s < SENSORS; s++) {
                    store.append(reading(s, 20 + s + minute % 7 * 0.01, clock.instant().plusMillis(s * 40L)));
                    if (commitEachReading) {
                        store.flush();
                    }
                }
                store.flush(); // the one window of this minute that holds readings
                if (online) {
                    engine.tick(); // sends the live batch (answered at once)
                    engine.tick(); // takes the acknowledgement: deleted in the next commit
                }
                clock.advance(Duration.ofMinutes(1));
            }
        }
        long written = writeBytes() - before;
        delete(dir);
        return written;
    }

    static long writeBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).strip());
            }
        }
        throw new IOException("no write_bytes in /proc/self/io");
    }

    // ---- drain -------------------------------------------------------------------------------

    static void drain() throws Exception {
        Path dir = Files.createTempDirectory("bench-drain");
        MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
        int total = 7 * 24 * 60 * SENSORS;
        try (ReadingStore store = ReadingStore.open(StoreSettings.defaults(dir), clock, clock)) {
            for (int minute = 0; minute < 7 * 24 * 60; minute++) {
                for (int s = 0; s < SENSORS; s++) {
                    store.append(reading(s, minute, clock.instant()));
                }
                if (minute % 60 == 59) {
                    store.flush();
                }
                clock.advance(Duration.ofMinutes(1));
            }
            store.flush();
            UplinkState uplink = new UplinkState();
            uplink.setRegistered(true);
            DeliveryEngine engine = new DeliveryEngine(store, b -> CompletableFuture.completedFuture(SendOutcome.acknowledged()),
                    uplink, DeliverySettings.defaults().unlimited(), clock, new Random(1));
            long t0 = System.nanoTime();
            while (engine.metrics().deliveredReadings() < total) {
                engine.tick();
            }
            store.flush(); // the deletes
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("drain a 7-day backlog (%,d readings, batches of %d, no-op sender, no rate limit): %.2f s"
                    + " (%,.0f readings/s), store depth after: %d%n", total, DeliverySettings.defaults().maxBatchReadings(),
                    seconds, total / seconds, store.metrics().depth());
        }
        // baseline: the same rows read once, in one query (the floor for any drain)
        Path copy = Files.createTempDirectory("bench-drain-raw").resolve("raw.db");
        fillRaw(copy, total);
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement()) {
            long t0 = System.nanoTime();
            long n = 0;
            try (ResultSet rs = st.executeQuery("SELECT seq, series, t, flags, v FROM r ORDER BY seq")) {
                while (rs.next()) {
                    n += rs.getLong(1) > 0 ? 1 : 0;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("baseline: one raw SELECT of the same %,d rows: %.2f s%n", n, seconds);
        }
        delete(dir);
        delete(copy.getParent());
    }

    static void fillRaw(Path file, int n) throws Exception {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE r (seq INTEGER PRIMARY KEY, series INTEGER NOT NULL, t INTEGER NOT NULL,"
                    + " flags INTEGER NOT NULL, v REAL NOT NULL, boot_ms INTEGER)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO r VALUES (?, ?, ?, ?, ?, NULL)")) {
                for (int i = 1; i <= n; i++) {
                    ps.setLong(1, i);
                    ps.setInt(2, i % SENSORS);
                    ps.setLong(3, 1_772_000_000_000L + i * 5000L);
                    ps.setInt(4, 0);
                    ps.setDouble(5, i);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
