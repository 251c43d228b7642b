package org.streetnode.agent.lighting;

import java.util.Objects;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.program.ProgramStep;

/**
 * Why the lamp is at its level: the rule of the decision that won. Two reasons are equal when
 * a person would call them the same (a new program step is a new reason; a ramp step is not),
 * so the log has one line per change of reason.
 */
public sealed interface Reason {
    /** For people: the shell, the log, LwM2M. */
    String describe();

    /** The program: its step in force (its switch-off step while it has the lamp off). */
    record Program(ProgramStep step, boolean lit) implements Reason {
        public Program {
            Objects.requireNonNull(step, "step");
        }

        @Override
        public String describe() {
            return lit ? "program (" + step.format() + ")" : "program (off)";
        }
    }

    /** The light sensor says day or night. */
    record Photocell(boolean dark) implements Reason {
        @Override
        public String describe() {
            return "photocell (" + (dark ? "dark" : "light") + ")";
        }
    }

    /** Someone is about: the presence boost. */
    record Presence() implements Reason {
        @Override
        public String describe() {
            return "presence";
        }
    }

    /** A platform or maintenance override. */
    record Overridden(LampOverride.Source source, String by) implements Reason {
        public Overridden {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(by, "by");
        }

        @Override
        public String describe() {
            return "override by " + source.name().toLowerCase(java.util.Locale.ROOT) + " (" + by + ")";
        }
    }

    /** Nothing trustworthy says it is day: the lamp stays lit. */
    record SafeDefault(String why) implements Reason {
        public SafeDefault {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public String describe() {
            return "lit to be safe (" + why + ")";
        }
    }
}
