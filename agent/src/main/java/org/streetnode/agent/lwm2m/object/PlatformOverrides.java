package org.streetnode.agent.lwm2m.object;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lighting.LampControl.LampOverride;

/**
 * How the lamp objects turn a platform's writes into {@link LampControl} overrides: a level the
 * platform sets holds from the start time it gives (3416/50, else at once) until the end time it
 * gives (3416/51) or until it cancels it; a new level keeps the start and end times of the
 * override it replaces.
 */
final class PlatformOverrides {
    private final LampControl lamp;
    private final Clock clock;

    PlatformOverrides(LampControl lamp, Clock clock) {
        this.lamp = lamp;
        this.clock = clock;
    }

    /** The platform's override that has not ended (it may start later, or rank below a crew's). */
    Optional<LampOverride> set() {
        return lamp.override(LampOverride.Source.PLATFORM);
    }

    /** Whether the platform's override is in force now. */
    boolean active() {
        Instant now = clock.instant();
        return set().filter(o -> o.activeAt(now)).isPresent();
    }

    /** The level the platform asked for, else the level the lamp is going to. */
    double commandedLevel() {
        return set().map(LampOverride::level).orElse(lamp.status().target());
    }

    /**
     * Sets {@code level} from {@code from} until {@code until}; each left empty keeps the time
     * of the override in force ({@code Optional.of(Optional.empty())} clears it).
     */
    WriteResponse set(LwM2mServer server, double level, Optional<Optional<Instant>> from, Optional<Optional<Instant>> until) {
        Optional<LampOverride> before = set();
        Optional<Instant> start = from.orElseGet(() -> before.flatMap(LampOverride::from));
        Optional<Instant> end = until.orElseGet(() -> before.flatMap(LampOverride::until));
        try {
            lamp.override(new LampOverride(level, end, LampOverride.Source.PLATFORM, by(server), start));
            return WriteResponse.success();
        } catch (IllegalArgumentException e) {
            // LampControl refuses before it changes anything
            return WriteResponse.badRequest(e.getMessage());
        }
    }

    WriteResponse cancel() {
        lamp.cancelOverride(LampOverride.Source.PLATFORM);
        return WriteResponse.success();
    }

    private static String by(LwM2mServer server) {
        return server.isSystem() ? "local" : "server " + server.getId();
    }
}
