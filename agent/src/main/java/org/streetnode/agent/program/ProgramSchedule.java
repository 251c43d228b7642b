package org.streetnode.agent.program;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a program says for any moment: resolves the nights it needs (the one that started
 * yesterday, which may still run, and today's) and keeps a few. Not thread-safe: the lighting
 * thread owns one; views build their own.
 */
public final class ProgramSchedule {
    private static final int NIGHTS_KEPT = 4;

    private final Program program;
    private final ZoneId zone;
    private final SolarClock sun;
    private final Map<LocalDate, Night> nights = new LinkedHashMap<>(NIGHTS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LocalDate, Night> eldest) {
            return size() > NIGHTS_KEPT;
        }
    };

    public ProgramSchedule(Program program, SolarClock sun) {
        this.program = program;
        this.zone = sun.zone();
        this.sun = sun;
    }

    public Program program() {
        return program;
    }

    public Night night(LocalDate evening) {
        return nights.computeIfAbsent(evening, d -> Night.resolve(program, d, zone, sun));
    }

    /** The program's level at {@code t}, with the step that gives it. */
    public ProgramLevel at(Instant t) {
        LocalDate today = t.atZone(zone).toLocalDate();
        for (LocalDate evening : new LocalDate[] {today.minusDays(1), today}) {
            Night n = night(evening);
            if (n.lit(t)) {
                ProgramStep step = n.stepAt(t);
                return new ProgramLevel(true, step.level(), step);
            }
        }
        return new ProgramLevel(false, 0, program.off());
    }

    /**
     * The first instant after {@code t} at which the program's level may change: the next
     * switch-on, step or switch-off of the night still running, tonight's or tomorrow night's.
     */
    public Instant nextChange(Instant t) {
        LocalDate today = t.atZone(zone).toLocalDate();
        Instant next = Instant.MAX;
        for (LocalDate evening : new LocalDate[] {today.minusDays(1), today, today.plusDays(1)}) {
            Night n = night(evening);
            for (Night.Resolved r : n.steps()) {
                next = earlierAfter(r.at(), t, next);
            }
            next = earlierAfter(n.on().orElse(Instant.MAX), t, next);
            next = earlierAfter(n.off().orElse(Instant.MAX), t, next);
        }
        return next;
    }

    private static Instant earlierAfter(Instant candidate, Instant t, Instant next) {
        return candidate.isAfter(t) && candidate.isBefore(next) ? candidate : next;
    }

    /**
     * @param lit whether the program has the lamp on (between its first and last step)
     * @param level the level it asks for (0 when not lit, and for a part-night switch-off step)
     * @param step the step that gives it (the off step when not lit)
     */
    public record ProgramLevel(boolean lit, double level, ProgramStep step) {
    }
}
