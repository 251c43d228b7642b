package org.streetnode.agent.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The store's current alarm.
 *
 * @param reason what is wrong, closed set
 * @param detail a short human-readable explanation for the log and the shell
 * @param since when it was raised
 */
public record StoreAlarm(AlarmReason reason, String detail, Instant since) {
    public StoreAlarm {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }

    /** Whether the condition clears by itself once the store can be written again. */
    public boolean clearsItself() {
        return reason != AlarmReason.STORE_QUARANTINED;
    }
}
