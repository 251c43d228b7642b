package org.streetnode.agent.store;

/**
 * Why the store is in alarm. The agent maps these onto LwM2M Device (/3/0/11) error codes and
 * logs each alarm once when it is raised.
 */
public enum AlarmReason {
    /**
     * The store file set was corrupt, truncated, foreign or inconsistent (e.g. its WAL was
     * deleted) and was moved to the quarantine folder; a fresh store with a new epoch replaced
     * it. Latched until {@code resetAlarm()}: readings in the old file were not delivered.
     */
    STORE_QUARANTINED,
    /** The filesystem is full (SQLITE_FULL): readings wait in the bounded memory queue. */
    DISK_FULL,
    /** The store or its directory is read-only: readings wait in the bounded memory queue. */
    READ_ONLY,
    /** Any other failure to open or write the store: readings wait in the memory queue. */
    IO_ERROR
}
