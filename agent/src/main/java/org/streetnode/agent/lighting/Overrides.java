package org.streetnode.agent.lighting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streetnode.agent.lighting.LampControl.LampOverride;

/**
 * The overrides set, at most one per source. Written by the LwM2M and shell threads, read by the
 * lighting thread; ended ones are dropped when looked at.
 */
final class Overrides {
    private final Map<LampOverride.Source, LampOverride> set = new EnumMap<>(LampOverride.Source.class);
    /** Counts changes, so a caller can wait until the lighting thread has stepped past its own. */
    private long version;

    /** Checks an override as {@link LampControl#override} promises; throws before anything changes. */
    static void check(LampOverride o, Instant now) {
        if (!Double.isFinite(o.level()) || o.level() < 0 || o.level() > 100) {
            throw new IllegalArgumentException("override level " + o.level() + " is outside 0-100 %");
        }
        if (o.by().isBlank()) {
            throw new IllegalArgumentException("an override must say who set it");
        }
        if (o.until().isEmpty() && o.source() == LampOverride.Source.MAINTENANCE) {
            throw new IllegalArgumentException("a maintenance override must have an end; only the platform may set one"
                    + " until cancelled");
        }
        if (o.until().isPresent() && !o.until().get().isAfter(now)) {
            throw new IllegalArgumentException("the override's end " + o.until().get() + " is not in the future");
        }
        if (o.until().isPresent() && o.from().isPresent() && !o.until().get().isAfter(o.from().get())) {
            throw new IllegalArgumentException("the override ends (" + o.until().get() + ") before it starts ("
                    + o.from().get() + ")");
        }
    }

    /** Sets (or replaces) the override of its source; returns the version that includes it. */
    synchronized long put(LampOverride o) {
        set.put(o.source(), o);
        return ++version;
    }

    synchronized Optional<LampOverride> remove(LampOverride.Source source) {
        LampOverride removed = set.remove(source);
        if (removed != null) {
            version++;
        }
        return Optional.ofNullable(removed);
    }

    synchronized long version() {
        return version;
    }

    /** The override of {@code source} in force at {@code now}; one that has ended is dropped. */
    synchronized Optional<LampOverride> inForce(LampOverride.Source source, Instant now) {
        LampOverride o = set.get(source);
        if (o == null) {
            return Optional.empty();
        }
        if (o.endedBy(now)) {
            set.remove(source);
            return Optional.empty();
        }
        return o.activeAt(now) ? Optional.of(o) : Optional.empty();
    }

    /** Every override set and not ended (some may start later). */
    synchronized List<LampOverride> all(Instant now) {
        set.values().removeIf(o -> o.endedBy(now));
        return new ArrayList<>(set.values());
    }
}
