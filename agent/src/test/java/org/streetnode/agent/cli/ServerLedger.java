package org.streetnode.agent.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.streetnode.agent.demo.ReceivedReading;

/**
 * What the platform received, reading by reading: for each (epoch, seq) how often and in which
 * run of the agent it first arrived. The soaks' oracle on the platform side; the Leshan server
 * calls {@link #record} before it acknowledges a Send, so whatever the node saw acknowledged is
 * here.
 */
final class ServerLedger {
    /** One epoch's sequence numbers: first run (1-based, 0 = never seen) and count, by seq. */
    private static final class Epoch {
        int[] firstRun = new int[1024];
        int[] count = new int[1024];
        long highest;
        long distinct;

        void grow(long seq) {
            if (seq >= firstRun.length) {
                int size = (int) Math.max(seq + 1, firstRun.length * 2L);
                firstRun = java.util.Arrays.copyOf(firstRun, size);
                count = java.util.Arrays.copyOf(count, size);
            }
        }
    }

    private final Map<Long, Epoch> epochs = new HashMap<>();
    /** Per run, how many of the readings that first arrived in it arrived again later. */
    private final Map<Integer, Long> resentOfRun = new HashMap<>();
    private int run;
    private long receipts;
    private long duplicates;
    private long resentWithinRun;

    /** A new run of the agent starts: readings arriving from now on are counted to it. */
    synchronized void startRun(int number) {
        run = number;
    }

    synchronized void record(List<ReceivedReading> readings) {
        for (ReceivedReading r : readings) {
            if (r.seq() < 1 || r.seq() > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException("seq out of range: " + r.seq());
            }
            Epoch e = epochs.computeIfAbsent(r.epoch(), k -> new Epoch());
            int seq = (int) r.seq();
            e.grow(seq);
            receipts++;
            if (e.count[seq]++ == 0) {
                e.firstRun[seq] = run;
                e.distinct++;
                e.highest = Math.max(e.highest, seq);
            } else {
                duplicates++;
                if (e.count[seq] == 2) {
                    if (e.firstRun[seq] == run) {
                        resentWithinRun++;
                    } else {
                        resentOfRun.merge(e.firstRun[seq], 1L, Long::sum);
                    }
                }
            }
        }
    }

    synchronized long receipts() {
        return receipts;
    }

    synchronized Set<Long> epochs() {
        return new TreeSet<>(epochs.keySet());
    }

    /** Whether (epoch, seq) arrived at least once. */
    synchronized boolean received(long epoch, long seq) {
        Epoch e = epochs.get(epoch);
        return e != null && seq >= 1 && seq < e.count.length && e.count[(int) seq] > 0;
    }

    /** The highest seq of {@code epoch} that arrived, 0 if none. */
    synchronized long highest(long epoch) {
        Epoch e = epochs.get(epoch);
        return e == null ? 0 : e.highest;
    }

    synchronized long distinct(long epoch) {
        Epoch e = epochs.get(epoch);
        return e == null ? 0 : e.distinct;
    }

    /** Arrivals of a reading beyond its first. */
    synchronized long duplicates() {
        return duplicates;
    }

    /** Readings that arrived twice within one run of the agent (an acknowledgement lost without a kill). */
    synchronized long resentWithinRun() {
        return resentWithinRun;
    }

    /**
     * The most readings first received in one run that arrived again in a later one: what one
     * kill made the node send twice.
     */
    synchronized long maxResentPerKill() {
        return resentOfRun.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The run whose readings were sent again most often, with that count, for a report. */
    synchronized Map<Integer, Long> resentByRun() {
        return Map.copyOf(resentOfRun);
    }
}
