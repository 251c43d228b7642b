package org.streetnode.agent.lwm2m.object;

import java.time.Instant;
import java.util.Optional;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lighting.LampControl.LampOverride;

/**
 * How the lamp objects turn a platform's writes into {@link LampControl} overrides: a level the
 * platform sets holds until the end time it gives (3416/51) or until it cancels it; a new level
 * keeps the end time of the override it replaces.
 */
final class PlatformOverrides {
    private final LampControl lamp;

    PlatformOverrides(LampControl lamp) {
        this.lamp = lamp;
    }

    /** The platform's override now in force, if any. */
    Optional<LampOverride> active() {
        return lamp.status().override().filter(o -> o.source() == LampOverride.Source.PLATFORM);
    }

    /** The level the platform asked for, else the level the lamp is going to. */
    double commandedLevel() {
        return active().map(LampOverride::level).orElse(lamp.status().target());
    }

    /** Sets {@code level} until {@code until}, or until the end time already in force. */
    WriteResponse set(LwM2mServer server, double level, Optional<Instant> until) {
        Optional<Instant> end = until.isPresent() ? until : active().flatMap(LampOverride::until);
        try {
            lamp.override(new LampOverride(level, end, LampOverride.Source.PLATFORM, by(server)));
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
        return server.isSystem() ? "local" : "lwm2m server " + server.getId();
    }
}
