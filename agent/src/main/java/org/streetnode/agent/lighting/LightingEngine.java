package org.streetnode.agent.lighting;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.streetnode.agent.config.LightingConfig.PhotocellMode;
import org.streetnode.agent.health.Backoff;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.lighting.LampControl.LampStatus;
import org.streetnode.agent.lighting.monitor.LampMonitor;
import org.streetnode.agent.program.Program;
import org.streetnode.agent.program.ProgramSchedule;
import org.streetnode.agent.program.SolarClock;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.port.PortException;
import org.tinylog.Logger;

/**
 * One step of lighting at a time, on the lighting thread: takes the situation, decides, moves
 * the ramp, drives the lamp, tells the monitor and the listeners. Only the lighting thread calls
 * {@link #step}; the rest may be read from anywhere. Tests drive it directly with a manual clock.
 *
 * <p>When the lamp's outputs cannot be driven (the relay's GPIO line or the PWM channel missing
 * or failing), that is a {@link Fault.Kind#LAMP} fault, raised once; the lamp is left in its
 * fail-safe state as far as the outputs allow (full duty, relay released, as if the agent were
 * gone), and the outputs are tried again after {@link #OUTPUT_RETRY}, while deciding goes on
 * every step. The first write that works clears the fault.
 */
final class LightingEngine {
    /** Health source of failures to drive the lamp's outputs (GPIO, PWM). */
    static final String CONTROL_SOURCE = "lamp:control";
    /** Retries of lamp outputs that cannot be driven: each may be an attempt to open them again. */
    static final Backoff OUTPUT_RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
    static final String FAIL_SAFE_REASON = "fail-safe: the lamp cannot be driven";

    /** Ramp and override settings that do not change while the agent runs. */
    record Settings(PhotocellMode photocellMode, double presenceBoost, Duration rampUp, Duration rampDown) {
    }

    private final Lamp lamp;
    private final Settings settings;
    private final Overrides overrides;
    private final Presence presence;
    private final Photocell photocell;
    private final SolarClock sun;
    private final BooleanSupplier clockTrusted;
    private final LampMonitor monitor;
    private final Health health;
    private final List<Consumer<LampStatus>> listeners;

    private volatile Program program;
    private ProgramSchedule schedule;
    private Ramp ramp;
    private double written = Double.NaN;
    /** Failed writes in a row, and when the outputs are tried next while there are any. */
    private int writeFailures;
    private Instant nextWrite;
    private volatile Decision decision;
    private volatile LampStatus status;
    private final Object appliedLock = new Object();
    private long appliedOverrides;

    /** @param listeners told of changes (see {@link LampControl#onChange}); a thread-safe list the caller may add to */
    LightingEngine(Lamp lamp, Settings settings, Program program, Overrides overrides, Presence presence,
            Photocell photocell, SolarClock sun, BooleanSupplier clockTrusted, LampMonitor monitor, Health health,
            List<Consumer<LampStatus>> listeners) {
        this.lamp = lamp;
        this.settings = settings;
        this.program = program;
        this.overrides = overrides;
        this.presence = presence;
        this.photocell = photocell;
        this.sun = sun;
        this.clockTrusted = clockTrusted;
        this.monitor = monitor;
        this.health = health;
        this.listeners = listeners;
        this.status = new LampStatus(lamp.level(), lamp.level(), "starting", Optional.empty());
    }

    /** Takes effect at the next step. */
    void program(Program p) {
        program = p;
    }

    Program program() {
        return program;
    }

    void onChange(Consumer<LampStatus> listener) {
        listeners.add(listener);
    }

    /** The last decision (empty before the first step). */
    Optional<Decision> decision() {
        return Optional.ofNullable(decision);
    }

    LampStatus status() {
        return status;
    }

    /** Whether the lamp is still moving towards its target (the thread then steps more often). */
    boolean ramping(Instant now) {
        return ramp != null && !ramp.doneBy(now);
    }

    /**
     * The next instant at which a step has something to do by time alone: the program's next
     * change, an override starting or ending, presence or the last light reading running out, the
     * lamp's outputs tried again. Until then the lamp's level cannot change unless something wakes
     * the thread (an override, a presence start, a light reading, a new program). Not counting a
     * running ramp ({@link #ramping}). {@link Instant#MAX}: nothing is due by time.
     */
    Instant nextDue(Instant now) {
        Instant next = schedule == null || schedule.program() != program ? now : schedule.nextChange(now);
        if (writeFailures > 0) {
            next = earliest(next, nextWrite, now);
        }
        for (LampOverride o : overrides.all(now)) {
            next = earliest(next, o.from().orElse(Instant.MAX), now);
            next = earliest(next, o.until().orElse(Instant.MAX), now);
        }
        next = earliest(next, presence.recheckAt(now), now);
        return earliest(next, photocell.staleAt(), now);
    }

    /** The earlier of {@code next} and {@code candidate}, if {@code candidate} is still to come. */
    private static Instant earliest(Instant next, Instant candidate, Instant now) {
        return candidate.isAfter(now) && candidate.isBefore(next) ? candidate : next;
    }

    void step(Instant now) {
        long overridesSeen = overrides.version();
        Optional<LampOverride> maintenance = overrides.inForce(LampOverride.Source.MAINTENANCE, now);
        Optional<LampOverride> platform = overrides.inForce(LampOverride.Source.PLATFORM, now);
        Program p = program;
        if (schedule == null || schedule.program() != p) {
            schedule = new ProgramSchedule(p, sun);
        }
        Situation situation = new Situation(maintenance, platform, presence.detected(now), settings.presenceBoost(),
                clockTrusted.getAsBoolean(), settings.photocellMode(), photocell.daylight(now), schedule.at(now),
                p.on().level());
        Decision d = DecisionFunction.decide(situation);
        Decision previous = decision;
        move(d, now);
        decision = d;

        double level = round(ramp.levelAt(now));
        if (writeFailures == 0 ? level != written : !now.isBefore(nextWrite)) {
            write(level, now);
        }
        if (!Double.isNaN(written)) {
            monitor.commanded(written, now);
        }
        if (previous == null) {
            Logger.info("lamp: at {} % at start: {}", format(d.level()), d.reason().describe());
        } else if (!previous.reason().equals(d.reason())) {
            // Passers-by come and go all night: their boosts are counted (PRESENCE_COUNT), not
            // logged, or the SD card would take hundreds of lines a night.
            if (d.reason() instanceof Reason.Presence || previous.reason() instanceof Reason.Presence) {
                Logger.debug("lamp: to {} %: {} (was {})", format(d.level()), d.reason().describe(), previous.reason().describe());
            } else {
                Logger.info("lamp: to {} %: {} (was {})", format(d.level()), d.reason().describe(), previous.reason().describe());
            }
        }
        LampStatus next = new LampStatus(Double.isNaN(written) ? level : written, d.level(),
                writeFailures == 0 ? d.reason().describe() : FAIL_SAFE_REASON, maintenance.or(() -> platform));
        LampStatus before = status;
        status = next;
        applied(overridesSeen);
        if (worthTelling(before, next)) {
            for (Consumer<LampStatus> l : listeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    Logger.error(e, "lamp: status listener failed");
                }
            }
        }
    }

    /** Waits (at most {@code limit}) until a step has taken in the overrides of {@code version}. */
    boolean awaitApplied(long version, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (appliedLock) {
            while (appliedOverrides < version) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                appliedLock.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
            return true;
        }
    }

    private void applied(long version) {
        synchronized (appliedLock) {
            appliedOverrides = version;
            appliedLock.notifyAll();
        }
    }

    /** A new target, reason or override, or the target reached: not every ramp step (observers would drown). */
    private static boolean worthTelling(LampStatus before, LampStatus next) {
        if (next.equals(before)) {
            return false;
        }
        return next.target() != before.target() || !next.reason().equals(before.reason())
                || !next.override().equals(before.override()) || next.level() == next.target();
    }

    /** Starts a new ramp when the target moves; overrides and the very first step jump. */
    private void move(Decision d, Instant now) {
        boolean overridden = d.reason() instanceof Reason.Overridden;
        if (ramp == null) {
            ramp = Ramp.at(d.level(), now);
            return;
        }
        double current = ramp.levelAt(now);
        if (overridden && (current != d.level() || ramp.to() != d.level())) {
            ramp = Ramp.at(d.level(), now); // a person's command takes effect at once (3416/52 fade 0)
        } else if (ramp.to() != d.level()) {
            ramp = new Ramp(current, d.level(), now, d.level() > current ? settings.rampUp() : settings.rampDown());
        }
    }

    private void write(double level, Instant now) {
        try {
            lamp.setLevel(level);
            written = level;
            if (writeFailures > 0) {
                writeFailures = 0;
                health.clear(CONTROL_SOURCE);
            }
        } catch (PortException | RuntimeException e) {
            writeFailures++;
            nextWrite = now.plus(OUTPUT_RETRY.after(writeFailures));
            boolean lit = failSafe(lamp);
            written = lit ? 100 : 0;
            if (writeFailures == 1) {
                health.raise(CONTROL_SOURCE, Fault.Kind.LAMP, "cannot drive the lamp: " + e.getMessage()
                        + "; relay released to its fail-safe state (" + (lit ? "lit" : "dark") + ")");
            }
        }
    }

    /**
     * Leaves the lamp as it would be with the agent gone, as far as the outputs still obey: full
     * duty, relay released. A relay output that failed is let go by its port, which releases it
     * too. Says whether the lamp is lit now.
     */
    static boolean failSafe(Lamp lamp) {
        try {
            lamp.dimmer().setLevel(100);
        } catch (PortException | RuntimeException e) {
            // the dimmer is what failed, or fails too: it keeps its last duty
        }
        try {
            lamp.relay().release();
        } catch (PortException | RuntimeException e) {
            // the relay is what failed, or fails too: its line, let go, rests released
        }
        return lamp.on();
    }

    /** Tenths of a percent: finer steps are invisible and would only churn the PWM. */
    private static double round(double level) {
        return Math.round(level * 10) / 10.0;
    }

    static String format(double level) {
        return level == Math.rint(level) ? Long.toString((long) level) : String.format(Locale.ROOT, "%.1f", level);
    }
}
