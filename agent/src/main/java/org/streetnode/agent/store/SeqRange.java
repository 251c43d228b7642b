package org.streetnode.agent.store;

/**
 * A closed range of sequence numbers, {@code first <= seq <= last}. A batch read from the store
 * holds every stored reading whose seq lies in its range, so acknowledging the range is exact.
 */
public record SeqRange(long first, long last) {
    public SeqRange {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("not a sequence range: [" + first + ", " + last + "]");
        }
    }

    public boolean contains(long seq) {
        return seq >= first && seq <= last;
    }

    public long length() {
        return last - first + 1;
    }
}
