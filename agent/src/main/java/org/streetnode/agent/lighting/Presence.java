package org.streetnode.agent.lighting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.pir.PirSensor;
import org.tinylog.Logger;

/**
 * Whether someone is about: a PIR sees motion now, or saw it within the hold time (the PIR's own
 * hold from the board profile counts too, whichever is longer). Presence starts wake the
 * lighting thread at once, so the boost begins within milliseconds, not at the next poll.
 */
final class Presence {
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

    boolean fitted() {
        return !pirs.isEmpty();
    }
}
