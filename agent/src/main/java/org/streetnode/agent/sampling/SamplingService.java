package org.streetnode.agent.sampling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.config.SamplingConfig;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.lifecycle.Wakeup;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.time.ScaledClock;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.pir.PirSensor;
import org.tinylog.Logger;

/**
 * Reads every configured sensor at its period and publishes the readings on the
 * {@link ReadingBus}. Each sensor has its own worker thread, so a read that hangs in the I2C
 * driver holds up nobody else; one scheduler thread starts reads when they are due (from the
 * injected clock) and notices hung ones. Health changes are logged and raised as faults once,
 * never per sample: a device that goes missing is one line (its fault), its return another (the
 * fault cleared). Presence starts are published the moment the PIR sees someone.
 */
public final class SamplingService implements Service {
    /**
     * The longest the scheduler sleeps, in real time, when no read is due sooner (no sensor at
     * all). It needs no round for the watchdog: asleep here it counts as alive ({@link Wakeup#progress}).
     */
    static final Duration MAX_IDLE_WAIT = Duration.ofMinutes(1);

    private final Supplier<Board> boards;
    private final SamplingConfig config;
    private final ReadingBus bus;
    private final Health health;
    private final Clock clock;
    private final BooleanSupplier clockSynchronised;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private volatile SamplingSchedule schedule = new SamplingSchedule(List.of(), Duration.ofSeconds(1), 0, Instant.EPOCH);
    private final AgentThreads threads;
    private final Wakeup wakeUp = new Wakeup();
    private volatile boolean running;
    /** Written by the scheduler thread only. */
    private volatile long rounds;
    private Thread scheduler;

    /** One sensor's driver and the thread that reads it; only that thread touches the driver. */
    private static final class Worker {
        final Sensor driver;
        final ExecutorService thread;
        boolean initialised;

        Worker(Sensor driver, ExecutorService thread) {
            this.driver = driver;
            this.thread = thread;
        }
    }

    /**
     * @param boards the opened board, available once the board service has started
     * @param threads the scheduler's thread and each sensor's ({@code sensor-ID})
     */
    public SamplingService(Supplier<Board> boards, SamplingConfig config, ReadingBus bus, Health health, Clock clock,
            BooleanSupplier clockSynchronised, AgentThreads threads) {
        this.threads = threads;
        this.boards = boards;
        this.config = config;
        this.bus = bus;
        this.health = health;
        this.clock = clock;
        this.clockSynchronised = clockSynchronised;
    }

    @Override
    public String name() {
        return "sampling";
    }

    @Override
    public void start() {
        Board board = boards.get();
        List<SamplingSchedule.Entry> entries = board.sensors().stream()
                .map(s -> new SamplingSchedule.Entry(s.id(), s.driver().model(), s.spec().period().orElse(config.period())))
                .toList();
        schedule = new SamplingSchedule(entries, config.timeout(), config.stuckSamples(), clock.instant());
        board.sensors().forEach(s -> workers.put(s.id(),
                new Worker(s.driver(), Executors.newSingleThreadExecutor(threads.of("sensor-" + s.id())))));
        for (Board.ConfiguredSensor s : board.sensors()) {
            if (s.driver() instanceof PirSensor pir) {
                pir.addListener(at -> publishPresence(s.id(), pir, at));
            }
        }
        running = true;
        scheduler = threads.of("sampling").newThread(this::loop);
        scheduler.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        wake();
        if (scheduler != null) {
            scheduler.join(1000);
        }
        // A worker stuck in a driver call cannot be interrupted out of native code; it is a
        // daemon and dies with the process.
        workers.values().forEach(w -> w.thread.shutdownNow());
    }

    /**
     * The scheduler's liveness, as the watchdog judges it ({@link Wakeup#progress}): it moves
     * while the scheduler works or sleeps towards the next read, and stands still while a round
     * does not end or the thread is gone.
     */
    public long progress() {
        return wakeUp.progress(rounds);
    }

    /** Every sensor's health, in profile order (empty before start). */
    public List<SensorStatus> statuses() {
        return schedule.statuses();
    }

    /** Looks at the schedule now rather than at the next planned moment (after the clock moved in tests). */
    void wake() {
        wakeUp.request();
    }

    private void loop() {
        while (running) {
            tick();
            rounds++;
            Duration wait = idleWait(clock, clock.instant(), schedule.nextWakeUp());
            if (wait.isPositive()) {
                try {
                    wakeUp.await(Math.max(1, wait.toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** How long to sleep, in real time, until {@code next} on the node's clock (a demo's runs fast): at most {@link #MAX_IDLE_WAIT}. */
    static Duration idleWait(Clock clock, Instant now, Optional<Instant> next) {
        Duration wait = next.map(t -> ScaledClock.realTime(clock, Duration.between(now, t))).orElse(MAX_IDLE_WAIT);
        return wait.compareTo(MAX_IDLE_WAIT) > 0 ? MAX_IDLE_WAIT : wait;
    }

    private void tick() {
        Instant now = clock.instant();
        schedule.hung(now).forEach(this::report);
        for (String id : schedule.startDue(now)) {
            try {
                workers.get(id).thread.execute(() -> readOnce(id));
            } catch (RejectedExecutionException e) {
                return; // stopping
            }
        }
    }

    private void readOnce(String id) {
        if (!running) {
            return; // stopping: the board may already be closed
        }
        Worker w = workers.get(id);
        SamplingSchedule.Outcome outcome;
        try {
            if (!w.initialised) {
                w.driver.init();
                w.initialised = true;
            }
            List<Measurement> measurements = w.driver.read();
            outcome = schedule.succeeded(id, clock.instant(), measurements);
        } catch (SensorException e) {
            w.initialised = false; // the chip may have been reset or swapped: probe it again
            outcome = e.fault() instanceof SensorFault.Unavailable
                    ? schedule.unavailable(id, clock.instant(), e.fault().message())
                    : schedule.failed(id, clock.instant(), e.fault().message());
        } catch (RuntimeException e) {
            w.initialised = false;
            Logger.error(e, "sampling: sensor {}: driver failed unexpectedly", id);
            outcome = schedule.failed(id, clock.instant(), "driver error: " + e);
        }
        if (!running) {
            return; // a read cut short because the agent is stopping (the board closes) says nothing about the sensor
        }
        switch (outcome) {
            case SamplingSchedule.Outcome.Accepted a -> {
                Instant at = clock.instant();
                boolean synced = clockSynchronised.getAsBoolean();
                a.measurements().forEach(m -> bus.publish(Reading.of(id, m, at, synced)));
                a.transition().ifPresent(this::report);
            }
            case SamplingSchedule.Outcome.Rejected r -> r.transition().ifPresent(this::report);
        }
        wake();
    }

    private void report(SamplingSchedule.Transition t) {
        if (!running) {
            return; // a read cut off by the stop is not a sensor fault
        }
        String source = "sensor:" + t.sensorId();
        switch (t.to()) {
            case FAILED -> health.raise(source, Fault.Kind.PERIPHERAL, "sensor " + t.sensorId() + " failed: " + t.reason());
            case DEGRADED -> Logger.info("sampling: sensor {} degraded: {} (retrying)", t.sensorId(), t.reason());
            case OK -> {
                health.clear(source); // from FAILED, this logs the one line of the recovery
                if (t.from() == SensorHealth.DEGRADED) {
                    Logger.info("sampling: sensor {} reading again", t.sensorId());
                }
            }
            case STARTING -> {
            }
        }
    }

    private void publishPresence(String id, PirSensor pir, Instant at) {
        boolean synced = clockSynchronised.getAsBoolean();
        bus.publish(new Reading(id, Quantity.PRESENCE, 1, at, synced));
        bus.publish(new Reading(id, Quantity.PRESENCE_COUNT, pir.eventCount(), at, synced));
    }
}
