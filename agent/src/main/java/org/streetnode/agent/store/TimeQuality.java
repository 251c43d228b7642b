package org.streetnode.agent.store;

/** How far a stored reading's timestamp can be trusted (a Pi has no real-time clock). */
public enum TimeQuality {
    /** Taken while the wall clock was synchronised. */
    SYNCHRONISED,
    /**
     * Taken before the clock was synchronised and corrected once it was, from where it was taken
     * on the boot's clock: right to the second, within the drift of the board's oscillator.
     */
    CORRECTED,
    /**
     * Taken before the clock was synchronised and not corrected (yet): "time unknown". The
     * timestamp is what the wall clock said, which may be far off. Readings of this boot are
     * corrected once the clock is synchronised; those of a boot that ended first never can be.
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
