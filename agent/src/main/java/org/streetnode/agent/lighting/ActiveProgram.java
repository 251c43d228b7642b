package org.streetnode.agent.lighting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.streetnode.agent.program.Program;

/**
 * The program in force and where it came from.
 *
 * @param by {@code "config"} for the default of {@code [lighting] program}, else who stored it
 * @param setAt when it was stored (empty for the config's)
 */
public record ActiveProgram(Program program, String by, Optional<Instant> setAt) {
    public static final String FROM_CONFIG = "config";

    public ActiveProgram {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(setAt, "setAt");
    }

    public boolean fromConfig() {
        return setAt.isEmpty();
    }
}
