package org.streetnode.agent.lighting;

import java.util.Objects;
import java.util.Optional;
import org.streetnode.agent.config.LightingConfig.PhotocellMode;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.program.ProgramSchedule.ProgramLevel;

/**
 * Everything the decision looks at, taken at one moment on the lighting thread.
 *
 * @param maintenance the crew's override in force, if any
 * @param platform the platform's override in force, if any
 * @param presence whether someone is about (within the hold time)
 * @param presenceBoost the level presence raises the lamp to (0: no boost)
 * @param clockTrusted whether the wall clock is synchronised
 * @param photocellMode how the photocell takes part
 * @param daylight what the photocell says
 * @param program what the program says for now (meaningful only with a trusted clock)
 * @param onLevel the program's switch-on level: what the lamp runs at when the time of night is unknown
 */
public record Situation(Optional<LampOverride> maintenance, Optional<LampOverride> platform, boolean presence,
        double presenceBoost, boolean clockTrusted, PhotocellMode photocellMode, Daylight daylight, ProgramLevel program,
        double onLevel) {
    public Situation {
        Objects.requireNonNull(maintenance, "maintenance");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(photocellMode, "photocellMode");
        Objects.requireNonNull(daylight, "daylight");
        Objects.requireNonNull(program, "program");
    }
}
