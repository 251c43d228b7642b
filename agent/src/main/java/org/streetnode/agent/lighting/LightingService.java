package org.streetnode.agent.lighting;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.config.LampSpec;
import org.streetnode.agent.config.LightingConfig;
import org.streetnode.agent.config.SensorSpec;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.lifecycle.Wakeup;
import org.streetnode.agent.lighting.monitor.CounterStore;
import org.streetnode.agent.lighting.monitor.LampMonitor;
import org.streetnode.agent.lighting.monitor.MonitorStatus;
import org.streetnode.agent.program.InvalidProgramException;
import org.streetnode.agent.program.Night;
import org.streetnode.agent.program.Program;
import org.streetnode.agent.program.ProgramFormat;
import org.streetnode.agent.program.SolarClock;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.time.ScaledClock;
import org.streetnode.agent.units.Units;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.port.PortException;
import org.tinylog.Logger;

/**
 * Street lighting: restores the stored program and drives the lamp to its level for "now" as
 * part of {@link #start()} (before sampling and the network start), then decides on its own
 * thread from the injected clock, never waiting on the network, the buffer or the shell. The
 * thread steps every {@value #RAMP_TICK_MS} ms while a ramp runs; otherwise it sleeps until the
 * next step due by time ({@link LightingEngine#nextDue}: the program's next change, an override
 * starting or ending, presence or a light reading running out; the lamp counters' next write),
 * at most {@link #MAX_IDLE}, and steps at once when an override, a presence start, a light
 * reading that changes the photocell's mind or a new program arrives. Asleep, it is alive to the
 * watchdog all the same ({@link #progress}).
 *
 * <p>At a clean stop the lamp is left as {@code [lighting] on_stop} says and the counters are
 * written. If the agent dies instead, the relay falls to the hardware's fail-safe state (the
 * board profile's {@code fail_safe}) and the PWM keeps its last duty.
 */
public final class LightingService implements Service, LightingControl {
    static final long RAMP_TICK_MS = 20;
    /**
     * The longest the thread sleeps on the node's clock when nothing is due sooner: what changes
     * unseen (whether the clock is synchronised) is looked at this often. The watchdog needs no
     * step: a thread asleep here counts as alive ({@link Wakeup#progress}).
     */
    static final Duration MAX_IDLE = Duration.ofMinutes(1);
    /** The longest an override or cancel call waits for the lighting thread to apply it. */
    private static final Duration APPLY_WAIT = Duration.ofMillis(100);
    /** A light or power reading older than this many sensor periods counts for nothing. */
    private static final int STALE_PERIODS = 3;

    private final LightingConfig config;
    private final Supplier<Board> boards;
    private final Health health;
    private final Clock clock;
    private final BooleanSupplier clockTrusted;
    private final SolarClock sun;
    private final LightingStateStore stateStore;
    private final Overrides overrides = new Overrides();
    private final Optional<String> photocellSensor;
    private final Photocell photocell;
    private final LampMonitor monitor;
    private final List<Consumer<LampStatus>> listeners = new CopyOnWriteArrayList<>();
    private final Object stateLock = new Object();
    private final Wakeup wakeUp = new Wakeup();
    private final ThreadFactory lightingThread;

    private volatile boolean running;
    /** Written by the lighting thread only. */
    private volatile long steps;
    private boolean stopped;
    private LightingState state = LightingState.EMPTY;
    private volatile ActiveProgram active;
    /** The lamp, once the board is open: what start opens. */
    private volatile Driving driving;

    /** The opened lamp, the engine that drives it and the lighting thread. */
    private record Driving(Lamp lamp, LightingEngine engine, Thread thread) {
    }

    /**
     * @param config the node's configuration: {@code [lighting]}, the board profile's lamp and
     *     sensors, the location and time zone, the data directory, the default sampling period
     * @param boards the board, opened at start (the lamp and the PIRs are taken from it then)
     * @param clockTrusted whether the wall clock is synchronised
     * @param threads the lighting thread's and the counter writer's
     */
    public LightingService(StreetnodeConfig config, Supplier<Board> boards, ReadingBus readings, Health health,
            Clock clock, BooleanSupplier clockTrusted, AgentThreads threads) {
        this.lightingThread = threads.of("lighting");
        this.config = config.lighting();
        this.boards = boards;
        this.health = health;
        this.clock = clock;
        this.clockTrusted = clockTrusted;
        this.sun = new SolarClock(config.location().latitude(), config.location().longitude(), config.node().timezone());
        this.stateStore = new LightingStateStore(config.node().dataDir());
        this.active = new ActiveProgram(this.config.program(), ActiveProgram.FROM_CONFIG, Optional.empty());

        Duration defaultPeriod = config.sampling().period();
        Optional<SensorSpec> light = this.config.photocellSensor().isPresent()
                ? config.board().sensor(this.config.photocellSensor().get())
                : config.board().sensors().stream().filter(s -> s instanceof SensorSpec.Bh1750).findFirst();
        this.photocellSensor = light.map(SensorSpec::id);
        this.photocell = new Photocell(new PhotocellThresholds(this.config.onLux(), this.config.offLux()),
                this.config.photocellDelay(), stale(light, defaultPeriod, Duration.ofMinutes(1)));
        Optional<SensorSpec> meter = config.board().lamp().flatMap(LampSpec::powerSensor).flatMap(config.board()::sensor);
        this.monitor = new LampMonitor(this.config.monitor(), meter.map(SensorSpec::id),
                stale(meter, defaultPeriod, Duration.ofMinutes(5)), sun.zone(), new CounterStore(config.node().dataDir()), health,
                threads.of("lamp-counters"));
        readings.subscribe(this::reading);
    }

    @Override
    public String name() {
        return "lighting";
    }

    /** Restores what was stored, takes the lamp and the PIRs from the opened board and sets the lamp for now. */
    @Override
    public void start() {
        Board board = boards.get();
        Lamp lamp = board.lamp().orElseThrow(() -> new IllegalStateException("the board profile has no [lamp]"));
        Instant now = clock.instant();

        state = stateStore.load(now);
        state.program().ifPresent(p -> active = new ActiveProgram(p.program(), p.by(), Optional.of(p.at())));
        state.overrides().forEach(overrides::put);
        state.photocell().ifPresent(photocell::thresholds);
        monitor.start(now);

        Presence presence = new Presence(board.presenceSensors(), config.presenceHold());
        presence.subscribe();
        LightingEngine engine = new LightingEngine(lamp, new LightingEngine.Settings(config.photocell(),
                config.presenceBoost(), config.rampUp(), config.rampDown()), active.program(), overrides, presence,
                photocell, sun, clockTrusted, monitor, health, listeners);
        presence.onStart(this::wake);
        Thread loop = lightingThread.newThread(this::run);
        loop.setPriority(Thread.MAX_PRIORITY - 1); // a platform thread's; a virtual thread has none
        loop.setUncaughtExceptionHandler((t, e) -> Logger.error(e, "lighting: the lighting thread died; the lamp is left in its"
                + " fail-safe state until the agent restarts"));
        driving = new Driving(lamp, engine, loop);

        running = true;
        engine.step(now); // the lamp at the program's level for now, before anything else starts
        Logger.info("lighting: program \"{}\" ({}), photocell {} ({}), presence boost {}, {} override(s) restored",
                active.program().format(), active.by(), config.photocell().name().toLowerCase(Locale.ROOT),
                photocellSensor.orElse("no light sensor"), presence.fitted() ? LightingEngine.format(config.presenceBoost())
                        + " % for " + Units.formatDuration(config.presenceHold()) : "off (no PIR)", state.overrides().size());
        loop.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        wake();
        Driving d = driving;
        if (d == null || stopped) {
            return;
        }
        d.thread().join(Duration.ofSeconds(1));
        stopped = true;
        Instant now = clock.instant();
        Lamp lamp = d.lamp();
        leaveLamp(lamp);
        monitor.commanded(lamp.on() ? lamp.level() : 0, now);
        monitor.stop(now);
    }

    private void leaveLamp(Lamp lamp) {
        try {
            switch (config.onStop()) {
                case FAIL_SAFE -> {
                    // Full light, then let the relay go: what the lamp does if the agent is gone.
                    boolean lit = LightingEngine.failSafe(lamp);
                    Logger.info("lamp: released to its fail-safe state ({})", lit ? "lit" : "dark");
                }
                case KEEP -> Logger.info("lamp: left at {} %", LightingEngine.format(lamp.level()));
                case OFF -> {
                    lamp.setLevel(0);
                    Logger.info("lamp: switched off at stop");
                }
            }
        } catch (PortException | RuntimeException e) {
            Logger.error("lamp: could not leave it as on_stop = {} says: {}", config.onStop(), e.getMessage());
        }
    }

    private void run() {
        LightingEngine engine = driving.engine();
        while (running) {
            Instant now = clock.instant();
            try {
                engine.step(now);
                monitor.persistIfDue(now);
                steps++;
            } catch (RuntimeException e) {
                Logger.error(e, "lighting: step failed; trying again");
            } catch (Error e) {
                failSafe(driving.lamp(), e);
                throw e;
            }
            // a ramp unfinished at the step's instant is stepped again, however far the clock has moved since
            Instant after = clock.instant();
            await(engine.ramping(now) ? RAMP_TICK_MS : idleMillis(clock, after, engine.nextDue(after), monitor.persistDue(after)));
        }
    }

    /**
     * Real milliseconds until the earliest of {@code due} on the clock (a demo's runs fast), at
     * least 1, at most {@link #MAX_IDLE} on it.
     */
    static long idleMillis(Clock clock, Instant now, Instant... due) {
        Instant next = now.plus(MAX_IDLE);
        for (Instant d : due) {
            next = d.isBefore(next) ? d : next;
        }
        return Math.max(1, ScaledClock.realTime(clock, Duration.between(now, next)).toMillis());
    }

    /** The thread is dying of something it cannot handle: leave the lamp as the hardware would, and say so. */
    private void failSafe(Lamp lamp, Error cause) {
        try {
            LightingEngine.failSafe(lamp);
            health.raise(LightingEngine.CONTROL_SOURCE, Fault.Kind.LAMP, "lighting stopped (" + cause
                    + "); the lamp is left in its fail-safe state until the agent restarts");
        } catch (RuntimeException e) {
            // nothing more can be done; the process dying releases the GPIO anyway
        }
    }

    private void await(long millis) {
        try {
            wakeUp.await(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** How many steps the lighting thread has completed. */
    public long steps() {
        return steps;
    }

    /**
     * The lighting thread's liveness, as the watchdog judges it ({@link Wakeup#progress}): it
     * moves while the thread steps or sleeps towards its next step, and stands still while a step
     * does not end (a hung PWM write) or the thread is dead.
     */
    public long progress() {
        return wakeUp.progress(steps);
    }

    /** Steps now rather than at the next tick. */
    void wake() {
        wakeUp.request();
    }

    private void reading(Reading r) {
        if (!running) {
            return;
        }
        if (r.quantity() == Quantity.ILLUMINANCE && photocellSensor.map(r.sensorId()::equals).orElse(false)
                && photocell.reading(r.value(), r.timestamp())) {
            wake(); // the photocell changed its mind: act on it now; a reading that changes nothing wakes nobody
        }
        monitor.accept(r);
    }

    private static Duration stale(Optional<SensorSpec> sensor, Duration defaultPeriod, Duration floor) {
        Duration period = sensor.flatMap(SensorSpec::period).orElse(defaultPeriod);
        Duration stale = period.multipliedBy(STALE_PERIODS);
        return stale.compareTo(floor) < 0 ? floor : stale;
    }

    // ---- LampControl ----------------------------------------------------------------------------

    /** Before start: level 0, reason "not started" (views may ask while the agent assembles). */
    @Override
    public LampStatus status() {
        Driving d = driving;
        return d == null ? new LampStatus(0, 0, "not started", Optional.empty()) : d.engine().status();
    }

    @Override
    public void override(LampOverride o) {
        requireStarted();
        Overrides.check(o, clock.instant());
        long version = overrides.put(o);
        wake(); // the lamp first, the record after: the file write must not delay the lamp
        Logger.info("lighting: override by {} ({}): {} % {}{}", o.source().name().toLowerCase(Locale.ROOT), o.by(),
                LightingEngine.format(o.level()), o.until().map(u -> "until " + u).orElse("until cancelled"),
                o.from().map(f -> ", from " + f).orElse(""));
        storeOverrides();
        awaitApplied(version);
    }

    @Override
    public void cancelOverride(LampOverride.Source source) {
        requireStarted();
        overrides.remove(source).ifPresent(o -> {
            long version = overrides.version();
            wake();
            Logger.info("lighting: override by {} ({}) cancelled", source.name().toLowerCase(Locale.ROOT), o.by());
            storeOverrides();
            awaitApplied(version);
        });
    }

    /**
     * Returns once the lighting thread has taken the change in, so a status read right after
     * shows it; bounded, so a lighting thread stuck in a hung PWM write never holds the caller.
     */
    private void awaitApplied(long version) {
        try {
            driving.engine().awaitApplied(version, APPLY_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<LampOverride> override(LampOverride.Source source) {
        return overrides.all(clock.instant()).stream().filter(o -> o.source() == source).findFirst();
    }

    @Override
    public void onChange(Consumer<LampStatus> listener) {
        listeners.add(listener);
    }

    /** Overrides are temporary: one that cannot be stored still applies (and is logged). */
    private void storeOverrides() {
        synchronized (stateLock) {
            LightingState next = state.withOverrides(overrides.all(clock.instant()));
            try {
                stateStore.save(next);
                state = next;
            } catch (IOException e) {
                Logger.warn("lighting: could not store the lamp overrides in {} ({}); they apply but would not outlive a restart",
                        stateStore.file(), e.getMessage());
            }
        }
    }

    // ---- LightingControl ------------------------------------------------------------------------

    @Override
    public Decision decision() {
        requireStarted();
        return driving.engine().decision().orElseThrow();
    }

    @Override
    public ActiveProgram program() {
        return active;
    }

    @Override
    public ActiveProgram setProgram(String text, String by) throws InvalidProgramException, IOException {
        return setProgram(ProgramFormat.parse(text), by);
    }

    @Override
    public ActiveProgram setProgram(Program program, String by) throws IOException {
        requireStarted();
        Instant now = clock.instant();
        synchronized (stateLock) {
            LightingState next = state.withProgram(Optional.of(new LightingState.StoredProgram(program, by, now)));
            stateStore.save(next);
            state = next;
            active = new ActiveProgram(program, by, Optional.of(now));
            driving.engine().program(program);
        }
        Logger.info("lighting: program set by {}: \"{}\"", by, program.format());
        wake();
        return active;
    }

    @Override
    public ActiveProgram resetProgram(String by) throws IOException {
        requireStarted();
        synchronized (stateLock) {
            LightingState next = state.withProgram(Optional.empty());
            stateStore.save(next);
            state = next;
            active = new ActiveProgram(config.program(), ActiveProgram.FROM_CONFIG, Optional.empty());
            driving.engine().program(config.program());
        }
        Logger.info("lighting: program reset to the config's by {}: \"{}\"", by, config.program().format());
        wake();
        return active;
    }

    @Override
    public Night night(LocalDate evening) {
        return Night.resolve(active.program(), evening, sun.zone(), sun);
    }

    @Override
    public PhotocellStatus photocell() {
        requireStarted();
        Instant now = clock.instant();
        return new PhotocellStatus(config.photocell(), photocellSensor, photocell.thresholds(), photocell.daylight(now),
                photocell.lastLux(now), photocell.lastReadingAt());
    }

    @Override
    public void setPhotocellThresholds(PhotocellThresholds thresholds, String by) throws IOException {
        requireStarted();
        synchronized (stateLock) {
            LightingState next = state.withPhotocell(thresholds);
            stateStore.save(next);
            state = next;
            photocell.thresholds(thresholds);
        }
        Logger.info("lighting: photocell thresholds set by {}: on below {} lx, off above {} lx", by, thresholds.onLux(),
                thresholds.offLux());
        wake();
    }

    /** The lamp monitor's figures; before start (the counters not loaded yet) only whether it is metered is telling. */
    @Override
    public MonitorStatus monitor() {
        return monitor.status();
    }

    @Override
    public void resetBurningHours() {
        requireStarted();
        monitor.resetBurningHours();
    }

    @Override
    public void resetSwitchCount() {
        requireStarted();
        monitor.resetSwitchCount();
    }

    @Override
    public void resetEnergy() {
        requireStarted();
        monitor.resetEnergy();
    }

    private void requireStarted() {
        if (driving == null) {
            throw new IllegalStateException("lighting has not started");
        }
    }
}
