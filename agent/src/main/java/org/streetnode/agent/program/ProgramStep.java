package org.streetnode.agent.program;

import java.util.Objects;

/**
 * One step of a program: from {@code at} on, the lamp runs at {@code level} (0-100 %; 0 is off).
 */
public record ProgramStep(TimeOfNight at, double level) {
    public ProgramStep {
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(level) || level < 0 || level > 100) {
            throw new IllegalArgumentException("level " + level + " is outside 0-100 %");
        }
    }

    /** As programs write it: {@code "23:00 40"}, {@code "dawn-10m off"}. */
    public String format() {
        return at.format() + " " + formatLevel(level);
    }

    static String formatLevel(double level) {
        if (level == 0) {
            return "off";
        }
        return level == Math.rint(level) ? Long.toString((long) level) : String.valueOf(Math.round(level * 10) / 10.0);
    }
}
