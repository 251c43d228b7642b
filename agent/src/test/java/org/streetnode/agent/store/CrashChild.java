package org.streetnode.agent.store;

import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

/**
 * The process {@link CrashHarness} kills. Opens the store (recovering from the last kill),
 * checks what survived and prints {@code O <epoch> <lastSeq> <alarm> <check>}; then appends
 * as fast as the committer keeps up, each reading's value being the seq it will get, and prints
 * {@code C <seq>} after every group commit.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        exitWhenOrphaned();
        Path dir = Path.of(args[0]);
        long windowMillis = Long.parseLong(args[1]);
        StoreSettings settings = StoreSettings.defaults(dir).withCommitWindow(Duration.ofMillis(windowMillis))
                .withQuotaBytes(4L * 1024 * 1024);
        ReadingStore store = ReadingStore.open(settings, Clock.systemUTC(), BootClock.system());
        String check = check(store);
        System.out.println("O " + store.epoch() + " " + store.lastSeq() + " "
                + store.alarm().map(a -> a.reason().name()).orElse("none") + " " + check);
        System.out.flush();
        store.addCommitListener(() -> {
            System.out.println("C " + store.lastSeq());
            System.out.flush();
        });
        long next = store.lastSeq() + 1;
        while (true) {
            store.append(new Reading("crash", Quantity.TEMPERATURE, next++, java.time.Instant.now(), true));
            if (next % 64 == 0) {
                // fast, but not faster than the committer: overflowing the memory queue would drop
                // readings on purpose (counted), which is not what this test is about
                do {
                    Thread.sleep(1);
                } while (store.metrics().pendingInMemory() > settings.maxWindowReadings());
            }
        }
    }

    /** The harness holds our stdin open; when it dies, stdin ends and so do we. */
    private static void exitWhenOrphaned() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent
                }
            } catch (java.io.IOException e) {
                // treated like the end of input
            }
            Runtime.getRuntime().halt(3);
        }, "orphan-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Committed readings form one run of seqs ending at lastSeq, and each holds its own seq as value. */
    static String check(ReadingStore store) {
        List<StoredReading> all = readings(store.read(0, Long.MAX_VALUE, Integer.MAX_VALUE));
        if (all.isEmpty()) {
            return store.lastSeq() == 0 || store.metrics().dropped().total() > 0 ? "ok" : "BAD:empty-but-lastSeq-" + store.lastSeq();
        }
        long expected = all.get(0).seq();
        for (StoredReading r : all) {
            if (r.seq() != expected) {
                return "BAD:gap-before-" + r.seq();
            }
            if (r.value() != r.seq()) {
                return "BAD:seq-" + r.seq() + "-holds-" + (long) r.value();
            }
            expected++;
        }
        return expected - 1 == store.lastSeq() ? "ok" : "BAD:last-" + (expected - 1) + "-vs-" + store.lastSeq();
    }
}
