package org.streetnode.agent.lighting.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A yes/no judgement that changes only after the evidence for the change has held for a delay:
 * one odd reading (a lamp still warming up, a glitch on the meter) neither raises nor clears a
 * failure. Not thread-safe.
 */
final class Debounced {
    private final Duration delay;
    private boolean active;
    private Optional<Instant> differentSince = Optional.empty();

    Debounced(Duration delay) {
        this.delay = delay;
    }

    boolean active() {
        return active;
    }

    /** Takes one observation; returns whether the judgement changed with it. */
    boolean observe(boolean condition, Instant at) {
        if (condition == active) {
            differentSince = Optional.empty();
            return false;
        }
        Instant since = differentSince.orElse(at);
        differentSince = Optional.of(since);
        if (Duration.between(since, at).compareTo(delay) >= 0) {
            active = condition;
            differentSince = Optional.empty();
            return true;
        }
        return false;
    }
}
