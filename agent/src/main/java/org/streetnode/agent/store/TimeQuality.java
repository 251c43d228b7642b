package org.streetnode.agent.store;

/** How far a stored reading's timestamp can be trusted (a Pi has no real-time clock). */
public enum TimeQuality {
    /** Taken while the wall clock was synchronised. */
    SYNCHRONISED,
    /**
     * Taken before the clock was synchronised and corrected afterwards from the monotonic clock:
     * right to within the accuracy of the jump measurement (milliseconds).
     */
    CORRECTED,
    /**
     * Taken before the clock was synchronised and never corrected (the agent restarted before
     * synchronisation): the timestamp may be far off.
     */
    UNSYNCHRONISED;

    /** Bit 0 of the stored flags byte: the timestamp came from an unsynchronised clock. */
    static final int UNSYNCHRONISED_BIT = 1;
    /** Bit 1: the timestamp was corrected from the monotonic clock. */
    static final int CORRECTED_BIT = 2;

    static TimeQuality ofFlags(int flags) {
        if ((flags & UNSYNCHRONISED_BIT) != 0) {
            return UNSYNCHRONISED;
        }
        return (flags & CORRECTED_BIT) != 0 ? CORRECTED : SYNCHRONISED;
    }
}
