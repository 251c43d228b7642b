package org.streetnode.agent.program;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A night's dimming program, as data. The first step switches the lamp on, the last switches it
 * off, the steps between change the level while it is on. Outside the first and last steps'
 * window the lamp is off, so a fixed-time step that falls after dawn in summer (05:30 when dawn
 * is at 04:56) simply has no effect instead of lighting the lamp by day.
 *
 * <pre>{@code dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off}</pre>
 *
 * @param steps at least two; the first with a level above 0, the last with level 0
 */
public record Program(List<ProgramStep> steps) {
    public static final int MAX_STEPS = 24;

    public Program {
        steps = List.copyOf(steps);
        problem(steps).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** A program from steps, or a clear error (for views that build one from structured data). */
    public static Program of(List<ProgramStep> steps) throws InvalidProgramException {
        Optional<String> problem = problem(steps);
        if (problem.isPresent()) {
            throw new InvalidProgramException(problem.get());
        }
        return new Program(steps);
    }

    public ProgramStep on() {
        return steps.getFirst();
    }

    public ProgramStep off() {
        return steps.getLast();
    }

    /** The steps between switching on and off. */
    public List<ProgramStep> changes() {
        return steps.subList(1, steps.size() - 1);
    }

    /** The program as text, in the form {@link ProgramFormat#parse} reads. */
    public String format() {
        return steps.stream().map(ProgramStep::format).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return format();
    }

    private static Optional<String> problem(List<ProgramStep> steps) {
        if (steps.size() < 2) {
            return Optional.of("a program needs at least two steps, one that switches the lamp on and a last one that"
                    + " switches it off, e.g. \"dusk+10m 100, dawn-10m off\"");
        }
        if (steps.size() > MAX_STEPS) {
            return Optional.of("a program has at most " + MAX_STEPS + " steps, not " + steps.size());
        }
        if (steps.getFirst().level() == 0) {
            return Optional.of("the first step (" + steps.getFirst().format() + ") must switch the lamp on: give it a level above 0");
        }
        if (steps.getLast().level() != 0) {
            return Optional.of("the last step (" + steps.getLast().format() + ") must switch the lamp off: give it level 0 or \"off\"");
        }
        for (int i = 0; i < steps.size(); i++) {
            for (int j = i + 1; j < steps.size(); j++) {
                if (steps.get(i).at().equals(steps.get(j).at())) {
                    return Optional.of("steps " + (i + 1) + " and " + (j + 1) + " are both at " + steps.get(i).at().format());
                }
            }
        }
        return Optional.empty();
    }
}
