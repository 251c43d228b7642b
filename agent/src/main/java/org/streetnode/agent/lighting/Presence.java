package org.streetnode.agent.lighting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.pir.PirSensor;
import org.tinylog.Logger;

/**
 * Whether someone is about: a PIR sees motion now, or saw it within the hold time (the PIR's own
 * hold from the board profile counts too, whichever is longer). Presence starts wake the
 * lighting thread at once, so the boost begins within milliseconds, not at the next poll.
 */
final class Presence {
    /** How often a PIR whose pin stays high is looked at again, to see it fall. */
    private static final Duration HIGH_RECHECK = Duration.ofSeconds(1);

    private final List<PirSensor> pirs;
    private final Duration hold;

    Presence(List<PirSensor> pirs, Duration hold) {
        this.pirs = List.copyOf(pirs);
        this.hold = hold;
    }

    /**
     * Makes the PIRs listen to their pins now (sampling would on its first round, later): presence
     * works from the first second. A PIR that cannot yet is left to sampling, which retries.
     */
    void subscribe() {
        for (PirSensor p : pirs) {
            try {
                p.init();
            } catch (SensorException e) {
                // sampling reports it (one line for the fault) and retries
                Logger.debug("lighting: PIR not ready yet ({}); sampling will retry", e.getMessage());
            }
        }
    }

    void onStart(Runnable wake) {
        pirs.forEach(p -> p.addListener(at -> wake.run()));
    }

    boolean detected(Instant now) {
        for (PirSensor p : pirs) {
            if (p.present() || p.lastMotion().map(t -> now.isBefore(t.plus(hold))).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * When presence must be looked at again, as things stand: when the hold of the last motion
     * runs out; while a PIR's pin stays high past it (no event marks its fall), a second from now.
     * {@link Instant#MAX} when nobody was ever seen.
     */
    Instant recheckAt(Instant now) {
        Instant next = Instant.MAX;
        for (PirSensor p : pirs) {
            Optional<Instant> last = p.lastMotion();
            if (last.isEmpty()) {
                continue;
            }
            Instant held = last.get().plus(hold);
            Instant pirHeld = p.presentUntil().orElse(held);
            Instant until = pirHeld.isAfter(held) ? pirHeld : held;
            if (!until.isAfter(now)) {
                until = p.present() ? now.plus(HIGH_RECHECK) : Instant.MAX;
            }
            next = until.isBefore(next) ? until : next;
        }
        return next;
    }

    boolean fitted() {
        return !pirs.isEmpty();
    }
}
