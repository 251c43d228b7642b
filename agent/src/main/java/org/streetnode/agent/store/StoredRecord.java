package org.streetnode.agent.store;

import java.time.Instant;

/**
 * What the store keeps and delivery sends, with its identity: a sensor's reading, or an entry
 * of the node's fault history. Together with the store's epoch its {@code seq} identifies it to
 * the platform: (epoch, seq) is never given to two different records.
 */
public sealed interface StoredRecord permits StoredReading, StoredFaultEvent {
    /** Its sequence number within the store's epoch, from 1, without gaps at commit. */
    long seq();

    /** What it is dropped after when the store is full. */
    Priority priority();

    /**
     * When it was taken (corrected, if it was taken before clock synchronisation and the clock
     * synchronised in the same boot).
     */
    Instant timestamp();

    /** How far the timestamp can be trusted. */
    TimeQuality timeQuality();
}
