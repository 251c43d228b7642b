package org.streetnode.agent.health;

import java.time.Instant;
import java.util.Objects;

/**
 * A fault raised or cleared: one entry of the node's fault history, which the buffer keeps and
 * sends to the platform. There is one per transition, never one per reading or retry: raising a
 * fault that is already raised (with a new message, say) is no event.
 *
 * @param fault the fault as it was raised, or as it stood when it cleared
 * @param raised whether it was raised (true) or cleared (false)
 * @param at when: the fault's {@link Fault#since()} when raised, the moment it cleared otherwise
 */
public record FaultEvent(Fault fault, boolean raised, Instant at) {
    public FaultEvent {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(at, "at");
    }
}
