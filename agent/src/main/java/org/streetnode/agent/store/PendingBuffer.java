package org.streetnode.agent.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records appended and not yet committed: the open window, plus, while the store cannot be
 * written, the records that wait for it or to be sent from memory. Bounded: past its capacity
 * the lowest-priority oldest entry is dropped. Thread-safe; adding is O(1), and what is not
 * (dropping, taking for a Send) only happens while the store cannot be written.
 */
final class PendingBuffer {
    /**
     * @param payload what it holds
     * @param timestamp when it was taken, to the second
     * @param flags the {@link TimeQuality} bits it is stored with
     * @param bootMillis where it was taken on the boot's clock, milliseconds since boot; kept
     *     for a record taken before the clock was synchronised, to correct its time later
     * @param taken its place in the order records were appended to this buffer, from 1
     */
    record Entry(Payload payload, Instant timestamp, Priority priority, int flags, long bootMillis, long taken) {
        Entry {
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(priority, "priority");
        }

        /**
         * The record as the buffer keeps it: timed to the whole second (sensors here are read
         * seconds to minutes apart, and a whole second takes a few bytes in a Send, a fraction nine).
         */
        static Entry of(Payload payload, Instant at, boolean clockSynchronised, Priority priority, long bootMillis,
                long taken) {
            return new Entry(payload, at.truncatedTo(ChronoUnit.SECONDS), priority,
                    clockSynchronised ? 0 : TimeQuality.UNSYNCHRONISED_BIT, bootMillis, taken);
        }

        /** Taken before the clock was synchronised, and not corrected yet. */
        boolean uncorrected() {
            return (flags & TimeQuality.UNSYNCHRONISED_BIT) != 0;
        }

        /** Timed by the boot's clock, to the second: {@code bootOffsetMillis} is wall minus boot clock, synchronised. */
        Entry corrected(long bootOffsetMillis) {
            Instant t = Instant.ofEpochSecond(Math.floorDiv(bootOffsetMillis + bootMillis, 1000));
            return new Entry(payload, t, priority, (flags & ~TimeQuality.UNSYNCHRONISED_BIT) | TimeQuality.CORRECTED_BIT,
                    bootMillis, taken);
        }

        /** The record with its identity. */
        StoredRecord stored(long seq) {
            return payload.stored(seq, priority, timestamp, TimeQuality.ofFlags(flags));
        }
    }

    private final int capacity;
    private List<Entry> entries = new ArrayList<>();
    private long lastTaken;

    PendingBuffer(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds a record as the buffer keeps it ({@link Entry#of}); returns the entries dropped to
     * stay within capacity (usually none).
     */
    synchronized List<Entry> add(Payload payload, Instant at, boolean clockSynchronised, Priority priority,
            long bootMillis) {
        entries.add(Entry.of(payload, at, clockSynchronised, priority, bootMillis, ++lastTaken));
        return trim();
    }

    /** The {@link Entry#taken} of the last entry added, 0 if none. */
    synchronized long lastTaken() {
        return lastTaken;
    }

    /**
     * Takes up to {@code limit} of the oldest entries of priority {@code atLeast} or higher added
     * after {@code takenAfter}, oldest first.
     */
    synchronized List<Entry> take(int limit, long takenAfter, Priority atLeast) {
        List<Entry> taken = new ArrayList<>();
        List<Entry> left = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (taken.size() < limit && e.taken() > takenAfter && e.priority().compareTo(atLeast) >= 0) {
                taken.add(e);
            } else {
                left.add(e);
            }
        }
        entries = left;
        return taken;
    }

    /** Takes every entry, oldest first, leaving the buffer empty. */
    synchronized List<Entry> takeAll() {
        List<Entry> taken = entries;
        entries = new ArrayList<>();
        return taken;
    }

    /**
     * Puts entries taken before back among those left and appended since, in the order they were
     * appended; returns the entries dropped to stay within capacity.
     */
    synchronized List<Entry> putBack(List<Entry> taken) {
        List<Entry> merged = new ArrayList<>(taken.size() + entries.size());
        merged.addAll(taken);
        merged.addAll(entries);
        merged.sort(java.util.Comparator.comparingLong(Entry::taken));
        entries = merged;
        return trim();
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Corrects the time of entries taken before the clock was synchronised (see {@link Entry#corrected}). */
    synchronized void correct(long bootOffsetMillis) {
        entries.replaceAll(e -> e.uncorrected() ? e.corrected(bootOffsetMillis) : e);
    }

    private List<Entry> trim() {
        if (entries.size() <= capacity) {
            return List.of();
        }
        List<Entry> dropped = new ArrayList<>();
        while (entries.size() > capacity) {
            dropped.add(entries.remove(victim()));
        }
        return dropped;
    }

    /** The oldest entry of the lowest priority present. */
    private int victim() {
        int best = 0;
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).priority().compareTo(entries.get(best).priority()) < 0) {
                best = i;
                if (entries.get(i).priority() == Priority.LOW) {
                    break;
                }
            }
        }
        return best;
    }
}
