package org.streetnode.agent.store;

import java.util.Arrays;

/** Readings dropped since the store file was created, by reason and priority. Immutable. */
public final class DropCounts {
    private static final int REASONS = DropReason.values().length;
    private static final int PRIORITIES = Priority.values().length;

    private final long[] counts;

    DropCounts(long[] counts) {
        if (counts.length != REASONS * PRIORITIES) {
            throw new IllegalArgumentException("expected " + REASONS * PRIORITIES + " counts");
        }
        this.counts = counts.clone();
    }

    public static DropCounts none() {
        return new DropCounts(new long[REASONS * PRIORITIES]);
    }

    static int index(DropReason reason, Priority priority) {
        return reason.ordinal() * PRIORITIES + priority.ordinal();
    }

    public long count(DropReason reason, Priority priority) {
        return counts[index(reason, priority)];
    }

    public long total(DropReason reason) {
        long sum = 0;
        for (Priority p : Priority.values()) {
            sum += count(reason, p);
        }
        return sum;
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    DropCounts plus(DropCounts other) {
        long[] sum = counts.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new DropCounts(sum);
    }

    DropCounts minus(DropCounts other) {
        long[] diff = counts.clone();
        for (int i = 0; i < diff.length; i++) {
            diff[i] -= other.counts[i];
        }
        return new DropCounts(diff);
    }

    DropCounts with(DropReason reason, Priority priority, long added) {
        long[] next = counts.clone();
        next[index(reason, priority)] += added;
        return new DropCounts(next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DropCounts other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DropCounts[");
        for (DropReason r : DropReason.values()) {
            for (Priority p : Priority.values()) {
                long n = count(r, p);
                if (n != 0) {
                    sb.append(r).append('/').append(p).append('=').append(n).append(' ');
                }
            }
        }
        return sb.toString().strip() + "]";
    }
}
