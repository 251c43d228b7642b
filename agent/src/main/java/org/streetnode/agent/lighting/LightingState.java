package org.streetnode.agent.lighting;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.program.Program;

/**
 * What lighting keeps across restarts besides the counters: a program stored by the platform or
 * a crew, photocell thresholds set from afar, and overrides (a platform override "until
 * cancelled" must outlive a restart).
 */
record LightingState(Optional<StoredProgram> program, Optional<PhotocellThresholds> photocell,
        List<LampOverride> overrides) {
    static final LightingState EMPTY = new LightingState(Optional.empty(), Optional.empty(), List.of());

    LightingState {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(photocell, "photocell");
        overrides = List.copyOf(overrides);
    }

    record StoredProgram(Program program, String by, Instant at) {
    }

    LightingState withProgram(Optional<StoredProgram> p) {
        return new LightingState(p, photocell, overrides);
    }

    LightingState withPhotocell(PhotocellThresholds t) {
        return new LightingState(program, Optional.of(t), overrides);
    }

    LightingState withOverrides(List<LampOverride> o) {
        return new LightingState(program, photocell, o);
    }
}
