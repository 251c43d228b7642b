package org.streetnode.agent.delivery;

/** Which queue a batch came from. */
public enum Lane {
    /**
     * Fault events (alarm records) not yet delivered, whenever they were committed: sent before
     * anything else, not rate-limited, each batch a run of consecutive seqs.
     */
    ALARM,
    /** Readings committed since the uplink came up (fresh readings): sent after the alarms, not rate-limited. */
    LIVE,
    /** Readings committed before the uplink came up: sent oldest first, rate-limited, after a random delay. */
    BACKLOG
}
