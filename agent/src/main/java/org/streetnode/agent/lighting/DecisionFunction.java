package org.streetnode.agent.lighting;

import org.streetnode.agent.config.LightingConfig.PhotocellMode;
import org.streetnode.agent.lighting.LampControl.LampOverride;

/**
 * The one place that decides the lamp's level. Highest priority first:
 * <ol>
 *   <li>a maintenance override;</li>
 *   <li>a platform override;</li>
 *   <li>the presence boost, at night, when it is above the level below;</li>
 *   <li>the program, or the photocell where it decides day and night: always in
 *       {@code replace} mode, in {@code backup} mode while the clock is not trusted;</li>
 *   <li>with neither a trusted clock nor a light reading, the lamp stays lit at the program's
 *       switch-on level: the agent never chooses darkness it cannot justify.</li>
 * </ol>
 * A pure function of its {@link Situation}: no clock, no I/O.
 */
public final class DecisionFunction {
    private DecisionFunction() {
    }

    public static Decision decide(Situation s) {
        Decision d = base(s);
        if (s.presence() && d.night() && s.presenceBoost() > d.level()) {
            d = new Decision(s.presenceBoost(), new Reason.Presence(), true);
        }
        if (s.platform().isPresent()) {
            d = overridden(s.platform().get(), d.night());
        }
        if (s.maintenance().isPresent()) {
            d = overridden(s.maintenance().get(), d.night());
        }
        return d;
    }

    /** The program or the photocell, without people. */
    static Decision base(Situation s) {
        boolean photocellDecides = s.photocellMode() == PhotocellMode.REPLACE
                || s.photocellMode() == PhotocellMode.BACKUP && !s.clockTrusted();
        if (photocellDecides && s.daylight() != Daylight.UNKNOWN) {
            boolean dark = s.daylight() == Daylight.DARK;
            // Program levels need the time of night; without a trusted clock only the switch-on level is safe.
            double level = !dark ? 0 : s.clockTrusted() && s.program().lit() ? s.program().level() : s.onLevel();
            return new Decision(level, new Reason.Photocell(dark), dark);
        }
        if (!s.clockTrusted()) {
            String why = s.photocellMode() == PhotocellMode.OFF ? "clock not synchronised, photocell off"
                    : "clock not synchronised, no light reading";
            return new Decision(s.onLevel(), new Reason.SafeDefault(why), true);
        }
        return new Decision(s.program().level(), new Reason.Program(s.program().step(), s.program().lit()),
                s.program().lit());
    }

    private static Decision overridden(LampOverride o, boolean night) {
        return new Decision(o.level(), new Reason.Overridden(o.source(), o.by()), night);
    }
}
