package org.streetnode.agent.delivery;

/** Which queue a batch came from. */
public enum Lane {
    /** Readings committed since the uplink came up (fresh readings and alarms): sent first, not rate-limited. */
    LIVE,
    /** Readings committed before the uplink came up: sent oldest first, rate-limited, after a random delay. */
    BACKLOG
}
