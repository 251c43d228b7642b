package org.streetnode.agent.program;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A program resolved for one night: when the lamp switches on and off and when the level
 * changes, as instants.
 *
 * @param evening the date the night starts on
 * @param on when the lamp switches on; empty when the sun gives no such moment that night
 * @param off when it switches off; empty likewise
 * @param steps every step that could be resolved, in time order (the on and off steps included)
 */
public record Night(LocalDate evening, Program program, Optional<Instant> on, Optional<Instant> off, List<Resolved> steps) {
    /** A step (its place in the program, counting from 0) and the moment it happens that night. */
    public record Resolved(int index, ProgramStep step, Instant at) {
    }

    public Night {
        steps = List.copyOf(steps);
    }

    public static Night resolve(Program program, LocalDate evening, ZoneId zone, SolarClock sun) {
        Optional<Instant> on = program.on().at().resolve(evening, zone, sun);
        Optional<Instant> off = program.off().at().resolve(evening, zone, sun);
        List<Resolved> steps = new ArrayList<>();
        for (int i = 0; i < program.steps().size(); i++) {
            int index = i;
            ProgramStep s = program.steps().get(i);
            s.at().resolve(evening, zone, sun).ifPresent(at -> steps.add(new Resolved(index, s, at)));
        }
        steps.sort(Comparator.comparing(Resolved::at));
        return new Night(evening, program, on, off, steps);
    }

    /** Whether the lamp is on by this night's program at {@code t}. */
    public boolean lit(Instant t) {
        return on.isPresent() && off.isPresent() && !t.isBefore(on.get()) && t.isBefore(off.get());
    }

    /**
     * The step whose level applies at {@code t} while the lamp is on: the latest level change at
     * or before {@code t}, else the switch-on step. A change written before the switch-on time
     * ("40 % from 23:00" when dusk comes later) applies from switch-on.
     */
    public ProgramStep stepAt(Instant t) {
        ProgramStep current = program.on();
        for (Resolved r : steps) {
            if (r.at().isAfter(t)) {
                break;
            }
            if (r.index() > 0 && r.index() < program.steps().size() - 1) {
                current = r.step();
            }
        }
        return current;
    }
}
