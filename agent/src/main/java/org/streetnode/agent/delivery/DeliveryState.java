package org.streetnode.agent.delivery;

/** What the delivery engine is doing, for the shell. */
public enum DeliveryState {
    /** Not registered, or Send is muted: nothing is sent. */
    OFFLINE,
    /** Connected; the backlog waits for its random start delay (the live lane does not). */
    WAITING_TO_REPLAY,
    /** Connected and sending the backlog, rate-limited. */
    REPLAYING,
    /** Connected, no backlog: fresh readings go out as they are committed. */
    LIVE,
    /** The last Send failed: waiting for the backoff to pass. */
    BACKING_OFF
}
