package org.streetnode.agent.lighting.monitor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.streetnode.agent.config.LightingConfig;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lighting.monitor.MonitorStatus.Electrical;
import org.streetnode.agent.reading.Reading;
import org.tinylog.Logger;

/**
 * Watches the lamp through the INA219 on its supply and keeps its lifetime figures.
 *
 * <p>The lighting thread tells it what the lamp is commanded to ({@link #commanded}); it counts
 * burning hours and on-to-off switches from that. The sampler thread hands it the meter's
 * readings ({@link #accept}); it integrates energy from them and judges them against the
 * command, once the command has been steady for {@link #SETTLE} (an LED driver soft-starts):
 * <ul>
 *   <li>commanded on, supply present, current below {@code min_on_current}: lamp failure;</li>
 *   <li>commanded off, current above {@code max_off_current}: day burner (relay stuck);</li>
 *   <li>commanded on, the lamp went dark by itself {@code cycling_switches} times within
 *       {@code cycling_window}: cycling;</li>
 *   <li>commanded on, voltage below {@code min_supply_voltage}: supply loss (a lamp without
 *       supply is not also reported as failed).</li>
 * </ul>
 * Each must hold for {@code failure_delay} before it is raised as a {@code LAMP} fault, and be
 * seen gone as long before it is cleared: a failure is cleared only by evidence (a lamp commanded
 * on that draws current again), not by the lamp being switched off.
 *
 * <p>Counters are written at most once per {@code counters_interval} (on a thread of their own, so
 * a slow SD card never holds up the lamp) and at stop; a power cut loses at most one interval.
 */
public final class LampMonitor {
    /** How long after a switch the meter is not judged. */
    public static final Duration SETTLE = Duration.ofSeconds(5);

    private final LightingConfig.Monitor config;
    private final Optional<String> powerSensor;
    private final Duration maxGap;
    private final ZoneId zone;
    private final CounterStore store;
    private final Health health;
    private final ThreadFactory writerThread;
    private final Map<LampFailure, Debounced> watches = new EnumMap<>(LampFailure.class);
    private final Deque<Instant> wentDark = new ArrayDeque<>();
    private ExecutorService writer;
    private final AtomicInteger pendingWrites = new AtomicInteger();
    /** The newest figures handed to the writer and not yet taken: a slow card writes the newest, not a backlog. */
    private final AtomicReference<CounterStore.Saved> toWrite = new AtomicReference<>();
    /** Cycling needs no extra delay: the count over its window is its debounce. */
    private boolean cycling;

    private Counters counters = Counters.ZERO;
    private boolean dirty;
    private Instant lastPersist = Instant.EPOCH;
    private boolean commandKnown;
    private double commandedLevel;
    private Instant lastCommand = Instant.EPOCH;
    private Instant switchedAt = Instant.EPOCH;
    private Instant levelSince = Instant.EPOCH;
    private Optional<Boolean> litWhileOn = Optional.empty();
    private Optional<Electrical> latest = Optional.empty();
    private PartialSample partial = new PartialSample(Instant.EPOCH, Double.NaN, Double.NaN, Double.NaN);

    /** The three quantities of one INA219 read arrive as three readings with one timestamp. */
    private record PartialSample(Instant at, double volts, double amps, double watts) {
        boolean complete() {
            return !Double.isNaN(volts) && !Double.isNaN(amps) && !Double.isNaN(watts);
        }
    }

    /**
     * @param powerSensor the INA219's sensor id; empty when the lamp has no meter
     * @param maxGap readings further apart than this are not integrated (the meter was failing or
     *     the agent was not running: the energy in between is unknown, not guessed)
     * @param zone the node's zone: a night's figures run from noon to noon in it ({@link NightEnergy})
     * @param writerThread writes the counters off the lighting thread
     */
    public LampMonitor(LightingConfig.Monitor config, Optional<String> powerSensor, Duration maxGap, ZoneId zone,
            CounterStore store, Health health, ThreadFactory writerThread) {
        this.config = config;
        this.writerThread = writerThread;
        this.powerSensor = powerSensor;
        this.maxGap = maxGap;
        this.zone = zone;
        this.store = store;
        this.health = health;
        for (LampFailure f : EnumSet.of(LampFailure.LAMP_FAILURE, LampFailure.DAY_BURNER, LampFailure.SUPPLY_LOSS)) {
            watches.put(f, new Debounced(config.failureDelay()));
        }
    }

    /** Reads the stored counters; from now on they grow and are written. */
    public synchronized void start(Instant now) {
        counters = store.load();
        if (counters.equals(Counters.ZERO)) {
            counters = counters.countingSince(now);
            dirty = true;
        }
        lastPersist = now;
        writer = Executors.newSingleThreadExecutor(writerThread);
        Logger.info("lamp: counters {} h burning, {} switches, {} kWh{}", String.format(Locale.ROOT, "%.1f",
                counters.burningHours()), counters.switchCount(), String.format(Locale.ROOT, "%.3f", counters.energyWh() / 1000),
                powerSensor.map(s -> "; metered by " + s).orElse("; no meter on the lamp supply"));
    }

    /** Writes the counters now (at stop) and ends the writer. */
    public void stop(Instant now) {
        ExecutorService w;
        synchronized (this) {
            w = writer;
        }
        if (w != null) {
            // an older snapshot still queued must not land after the final one
            toWrite.set(null);
            w.shutdown();
            try {
                w.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Counters snapshot;
        synchronized (this) {
            snapshot = counters;
            dirty = false;
        }
        save(snapshot, now);
    }

    /** The lighting thread's command, after every step. */
    public synchronized void commanded(double level, Instant at) {
        if (commandKnown) {
            Duration elapsed = Duration.between(lastCommand, at);
            if (commandedLevel > 0 && elapsed.isPositive()) {
                counters = counters.plusLit(elapsed, NightEnergy.eveningOf(at, zone));
                dirty = true;
            }
            if (commandedLevel > 0 && level == 0) {
                counters = counters.switchedOff();
                switchedAt = at;
                dirty = true;
            } else if (commandedLevel == 0 && level > 0) {
                counters = counters.switchedOn(at);
                switchedAt = at;
                dirty = true;
            }
            if (level != commandedLevel) {
                levelSince = at;
            }
        } else {
            switchedAt = at;
            levelSince = at;
            commandKnown = true;
        }
        commandedLevel = level;
        lastCommand = at;
    }

    /** A reading from the bus (sampler thread): only the lamp meter's are used. */
    public void accept(Reading r) {
        if (powerSensor.isEmpty() || !powerSensor.get().equals(r.sensorId())) {
            return;
        }
        synchronized (this) {
            PartialSample p = partial.at().equals(r.timestamp()) ? partial
                    : new PartialSample(r.timestamp(), Double.NaN, Double.NaN, Double.NaN);
            p = switch (r.quantity()) {
                case VOLTAGE -> new PartialSample(p.at(), r.value(), p.amps(), p.watts());
                case CURRENT -> new PartialSample(p.at(), p.volts(), r.value(), p.watts());
                case POWER -> new PartialSample(p.at(), p.volts(), p.amps(), r.value());
                default -> p;
            };
            partial = p;
            if (p.complete()) {
                sample(new Electrical(p.volts(), p.amps(), p.watts(), p.at()));
                partial = new PartialSample(Instant.EPOCH, Double.NaN, Double.NaN, Double.NaN);
            }
        }
    }

    /**
     * When {@link #persistIfDue} next has something to do at the latest: the interval after the
     * last write, or an interval from now once that has passed (the counters also change between
     * the lighting thread's steps, with the meter's readings).
     */
    public synchronized Instant persistDue(Instant now) {
        Instant due = lastPersist.plus(config.countersInterval());
        return due.isAfter(now) ? due : now.plus(config.countersInterval());
    }

    /** Hands the counters to the writer if they changed and the interval has passed. */
    public void persistIfDue(Instant now) {
        Counters snapshot;
        synchronized (this) {
            if (!dirty || Duration.between(lastPersist, now).compareTo(config.countersInterval()) < 0 || writer == null) {
                return;
            }
            snapshot = counters;
            dirty = false;
            lastPersist = now;
        }
        pendingWrites.incrementAndGet();
        try {
            toWrite.set(new CounterStore.Saved(snapshot, now));
            writer.execute(() -> {
                try {
                    CounterStore.Saved newest = toWrite.getAndSet(null);
                    if (newest != null) {
                        save(newest.counters(), newest.at());
                    }
                } finally {
                    pendingWrites.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pendingWrites.decrementAndGet(); // stopping: stop() writes the final figures
        }
    }

    /** Whether counters handed to the writer are not on disk yet. */
    boolean writesPending() {
        return pendingWrites.get() > 0;
    }

    public synchronized MonitorStatus status() {
        Set<LampFailure> failures = EnumSet.noneOf(LampFailure.class);
        watches.forEach((f, w) -> {
            if (w.active()) {
                failures.add(f);
            }
        });
        if (cycling) {
            failures.add(LampFailure.CYCLING);
        }
        Optional<Double> fullPower = config.fullPowerWatts() > 0 ? Optional.of(config.fullPowerWatts())
                : counters.fullPowerWatts() > 0 ? Optional.of(counters.fullPowerWatts()) : Optional.empty();
        // the last night: tonight's once the lamp is off again, else the one before
        Optional<NightEnergy> lastNight = commandedLevel > 0 ? counters.lastNight()
                : counters.tonight().filter(n -> n.litMillis() > 0).or(counters::lastNight);
        return new MonitorStatus(powerSensor.isPresent(), latest, counters, failures, fullPower, lastNight,
                store.lastSaved().map(CounterStore.Saved::at));
    }

    /** LwM2M 3416/16. */
    public synchronized void resetBurningHours() {
        counters = counters.withoutBurningHours();
        dirty = true;
        Logger.info("lamp: burning hours reset");
    }

    /** LwM2M 3416/19. */
    public synchronized void resetSwitchCount() {
        counters = counters.withoutSwitches();
        dirty = true;
        Logger.info("lamp: switch counter reset");
    }

    /** Energy and the energy-saved baseline start again from zero, as of the lighting thread's latest step. */
    public synchronized void resetEnergy() {
        counters = counters.withoutEnergy(lastCommand);
        dirty = true;
        Logger.info("lamp: energy counter reset");
    }

    private void sample(Electrical e) {
        latest.filter(prev -> e.at().isAfter(prev.at())).ifPresent(prev -> {
            Duration gap = Duration.between(prev.at(), e.at());
            if (gap.compareTo(maxGap) <= 0) {
                counters = counters.plusEnergy((prev.watts() + e.watts()) / 2 * gap.toMillis() / 3_600_000.0,
                        NightEnergy.eveningOf(e.at(), zone));
                dirty = true;
            }
        });
        latest = Optional.of(e);
        if (!commandKnown) {
            return;
        }
        if (config.fullPowerWatts() == 0 && commandedLevel >= 99.95 && !e.at().isBefore(levelSince.plus(SETTLE))) {
            double learnt = counters.fullPowerWatts();
            counters = counters.withFullPower(learnt == 0 ? e.watts() : 0.9 * learnt + 0.1 * e.watts());
        }
        if (e.at().isBefore(switchedAt.plus(SETTLE))) {
            return;
        }
        judge(e);
    }

    private void judge(Electrical e) {
        boolean on = commandedLevel > 0;
        boolean supplyPresent = e.volts() >= config.minSupplyVoltage();
        if (supplyPresent) {
            observe(LampFailure.SUPPLY_LOSS, false, e);
        } else if (on) {
            observe(LampFailure.SUPPLY_LOSS, true, e);
        }
        if (!on) {
            litWhileOn = Optional.empty();
            observe(LampFailure.DAY_BURNER, e.amps() > config.maxOffCurrent(), e);
            return;
        }
        if (!supplyPresent) {
            return; // no supply, no light: that is the supply's fault, not the lamp's
        }
        boolean lit = e.amps() >= config.minOnCurrent();
        observe(LampFailure.LAMP_FAILURE, !lit, e);
        if (litWhileOn.orElse(false) && !lit) {
            wentDark.addLast(e.at());
        }
        litWhileOn = Optional.of(lit);
        while (!wentDark.isEmpty() && wentDark.peekFirst().isBefore(e.at().minus(config.cyclingWindow()))) {
            wentDark.removeFirst();
        }
        boolean raise = !cycling && wentDark.size() >= config.cyclingSwitches();
        boolean clear = cycling && wentDark.isEmpty();
        if (raise || clear) {
            cycling = raise;
            report(LampFailure.CYCLING, cycling, e);
        }
    }

    private void observe(LampFailure f, boolean condition, Electrical e) {
        Debounced watch = watches.get(f);
        if (watch.observe(condition, e.at())) {
            report(f, watch.active(), e);
        }
    }

    private void report(LampFailure f, boolean active, Electrical e) {
        if (active) {
            health.raise(f.source(), Fault.Kind.LAMP, message(f, e));
        } else {
            health.clear(f.source());
        }
    }

    private String message(LampFailure f, Electrical e) {
        return switch (f) {
            case LAMP_FAILURE -> String.format(Locale.ROOT, "lamp failure: commanded on at %.0f %% but it draws %.3f A"
                    + " (less than %.3f A)", commandedLevel, e.amps(), config.minOnCurrent());
            case DAY_BURNER -> String.format(Locale.ROOT, "lamp burns while commanded off: %.3f A (more than %.3f A);"
                    + " relay stuck?", e.amps(), config.maxOffCurrent());
            case CYCLING -> String.format(Locale.ROOT, "lamp cycling: went dark by itself %d times within %s while"
                    + " commanded on", wentDark.size(), org.streetnode.agent.units.Units.formatDuration(config.cyclingWindow()));
            case SUPPLY_LOSS -> String.format(Locale.ROOT, "lamp supply lost: %.2f V (less than %.2f V) while commanded on",
                    e.volts(), config.minSupplyVoltage());
        };
    }

    private void save(Counters snapshot, Instant at) {
        try {
            store.save(snapshot, at);
        } catch (IOException e) {
            Logger.warn("lamp: could not write the counters to {}: {}", store.file(), e.getMessage());
        }
    }
}
