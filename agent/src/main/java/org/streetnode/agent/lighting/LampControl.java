package org.streetnode.agent.lighting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the platform (through LwM2M) and maintenance crews (through the shell) may do with the
 * lamp, and what they can see of it. One implementation decides the level from local state on
 * its own thread; callers never wait on the lamp hardware.
 */
public interface LampControl {
    /** The lamp as it is now. */
    LampStatus status();

    /**
     * Overrides the program with a fixed level until {@code until} (or until cancelled, for the
     * platform only). It replaces an earlier override of the same source. The lighting thread
     * applies it within milliseconds, without a ramp, and the call returns once it has (or after
     * a short bound), so {@link #status()} read next shows it; invalid requests are refused before
     * anything changes.
     *
     * @throws IllegalArgumentException level outside 0-100, an expiry in the past or not after
     *     the start, or "until cancelled" asked by a maintenance crew
     */
    void override(LampOverride override);

    /** Cancels the override set by {@code source}, if any; the program (or a lower override) resumes. */
    void cancelOverride(LampOverride.Source source);

    /**
     * The override {@code source} has set and that has not ended (it may start later, LwM2M
     * 3416/50), whether or not a higher one wins now.
     */
    default Optional<LampOverride> override(LampOverride.Source source) {
        return status().override().filter(o -> o.source() == source);
    }

    /**
     * Called (on the lighting thread; be quick) after every change of target, reason or
     * override, and when the lamp reaches its target; not at every step of a ramp in between
     * ({@link #status()} has the level at any moment).
     */
    void onChange(Consumer<LampStatus> listener);

    /**
     * A temporary level set by someone.
     *
     * @param level 0-100 %; 0 switches the lamp off
     * @param until when it ends; empty means until cancelled (platform only)
     * @param source who set it
     * @param by who exactly, for the record (a uid, a server id)
     * @param from when it starts (LwM2M 3416/50); empty means at once
     */
    record LampOverride(double level, Optional<Instant> until, Source source, String by, Optional<Instant> from) {
        public enum Source { PLATFORM, MAINTENANCE }

        public LampOverride {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(from, "from");
        }

        /** An override that starts at once. */
        public LampOverride(double level, Optional<Instant> until, Source source, String by) {
            this(level, until, source, by, Optional.empty());
        }

        /** Whether it is in force at {@code t}: started, and not yet ended. */
        public boolean activeAt(Instant t) {
            return from.map(f -> !t.isBefore(f)).orElse(true) && until.map(t::isBefore).orElse(true);
        }

        /** Whether it has ended by {@code t} (it will never be in force again). */
        public boolean endedBy(Instant t) {
            return until.map(u -> !t.isBefore(u)).orElse(false);
        }
    }

    /**
     * @param level the level the lamp is at now, 0-100 % (during a ramp, where the ramp is)
     * @param target the level the lamp is going to
     * @param reason why it is at that level ("program (23:00 40)", "presence", "photocell (dark)",
     *     "override by platform (server 1)", ...)
     * @param override the override in force, if any (the maintenance one when both are)
     */
    record LampStatus(double level, double target, String reason, Optional<LampOverride> override) {
        public boolean on() {
            return level > 0;
        }
    }
}
