package org.streetnode.agent.store;

/**
 * How much a stored reading matters when the store must drop something. When the byte quota is
 * reached the store drops the oldest readings of the lowest priority first, so alarms are kept
 * longest. Declaration order is drop order.
 */
public enum Priority {
    /** Bulk data the platform can live without (e.g. high-rate presence counts). */
    LOW,
    /** Ordinary sensor readings: the default. */
    NORMAL,
    /** Readings that report a fault or an alarm condition; committed at once and dropped last. */
    ALARM;

    /** The number this priority is stored as. Never reorder the constants: it is in the file. */
    int code() {
        return ordinal();
    }

    static Priority ofCode(int code) {
        return values()[code];
    }
}
