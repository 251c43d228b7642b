package org.streetnode.agent.store;

/** Why the store dropped a reading before it was delivered. */
public enum DropReason {
    /** The byte quota was reached: the lowest-priority oldest readings went first. */
    QUOTA,
    /** The reading was older than the age limit. */
    AGE,
    /**
     * The store could not be written (disk full, read-only, no store) and the bounded memory
     * queue that holds readings meanwhile was full.
     */
    MEMORY;

    int code() {
        return ordinal();
    }
}
