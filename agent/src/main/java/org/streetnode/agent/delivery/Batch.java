package org.streetnode.agent.delivery;

import java.util.List;
import java.util.Objects;
import org.streetnode.agent.store.SeqRange;
import org.streetnode.agent.store.StoredRecord;

/**
 * Records sent together (readings, fault events): every stored record of {@code epoch} whose
 * seq lies in {@link #range()}, oldest first. The platform de-duplicates on (epoch, seq).
 *
 * @param epoch the store's epoch the seqs belong to
 * @param lane the queue it came from
 * @param readings at least one record, in ascending seq order
 */
public record Batch(long epoch, Lane lane, List<StoredRecord> readings) {
    public Batch {
        Objects.requireNonNull(lane, "lane");
        readings = List.copyOf(readings);
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one reading");
        }
    }

    public SeqRange range() {
        return new SeqRange(readings.get(0).seq(), readings.get(readings.size() - 1).seq());
    }

    public int size() {
        return readings.size();
    }
}
