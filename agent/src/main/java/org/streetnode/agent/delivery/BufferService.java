package org.streetnode.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.streetnode.agent.config.BufferConfig;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.FaultEvent;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.store.BootClock;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.ReadingStore;
import org.streetnode.agent.store.StoreAlarm;
import org.tinylog.Logger;

/**
 * The buffer in the agent: every reading on the bus, and every fault raised or cleared (the
 * node's fault history), goes into the store and out by LwM2M Send when the platform can take
 * it. At stop the open window is committed. A store alarm becomes a fault (Device error code 16):
 * {@value #QUARANTINED} from a quarantine until the platform resets it, {@value #UNWRITABLE}
 * while the disk is full or read-only; while the clock is synchronised, the store corrects the
 * time of this boot's readings taken before.
 */
public final class BufferService implements Service {
    private static final Duration WATCH_EVERY = Duration.ofSeconds(5);
    /** The fault of a store quarantined and replaced: latched until Reset Error Code. */
    public static final String QUARANTINED = "store:quarantined";
    /** The fault of a store that cannot be written (disk full, read-only, I/O error). */
    public static final String UNWRITABLE = "store:unwritable";
    /** Fault events raised before the store opens (lighting starts first) wait for it, up to this many. */
    private static final int EARLY_EVENTS = 64;

    private final BufferConfig config;
    private final BatchSender sender;
    private final UplinkConditions conditions;
    private final Health health;
    private final Clock clock;
    private final Clock networkClock;
    private final BooleanSupplier clockSynchronised;
    private final AgentThreads threads;
    private final UplinkState uplink = new UplinkState();
    private volatile ReadingStore store;
    private volatile DeliveryEngine engine;
    private DeliveryService delivery;
    private ScheduledExecutorService watcher;
    /** Guards {@link #early} and hands events to the engine in the order they came. */
    private final Object events = new Object();
    private final List<FaultEvent> early = new ArrayList<>();
    private boolean stopped;
    /** Serialises {@link #watch()}: the watcher and a Reset Error Code may both call it. */
    private final Object watching = new Object();

    /**
     * @param clock the node's clock: commit times and reading ages in the store
     * @param networkClock paces delivery: Send timeouts, retry backoff, the replay rate
     * @param threads the store's committer's, delivery's and the watcher's
     */
    public BufferService(BufferConfig config, BatchSender sender, UplinkConditions conditions, ReadingBus readings,
            Health health, Clock clock, Clock networkClock, BooleanSupplier clockSynchronised, AgentThreads threads) {
        this.threads = threads;
        this.config = config;
        this.sender = sender;
        this.conditions = conditions;
        this.health = health;
        this.clock = clock;
        this.networkClock = networkClock;
        this.clockSynchronised = clockSynchronised;
        readings.subscribe(this::offer);
        health.onEvent(this::record);
        health.onReset(this::resetAlarm);
    }

    @Override
    public String name() {
        return "buffer";
    }

    @Override
    public void start() {
        store = ReadingStore.open(config.store(), clock, BootClock.system(), threads.of("store-commit"));
        // java.util.Random, not RandomGenerator.getDefault(): that factory costs the start some thirty classes.
        DeliveryEngine started = new DeliveryEngine(store, sender, uplink, config.delivery(), networkClock, new Random());
        conditions.onUplinkChange(s -> {
            uplink.setRegistered(s.registered());
            uplink.setSendMuted(s.muteSend());
            uplink.setNotificationStoring(s.notificationStoring());
        });
        var now = conditions.uplinkState();
        uplink.setRegistered(now.registered());
        uplink.setSendMuted(now.muteSend());
        uplink.setNotificationStoring(now.notificationStoring());
        delivery = DeliveryService.start(started, store, uplink, threads.of("delivery"));
        synchronized (events) {
            early.forEach(e -> started.offer(e, clockSynchronised.getAsBoolean()));
            early.clear();
            engine = started;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(threads.of("buffer-watch"));
        watcher.scheduleWithFixedDelay(this::watch, 0, WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        synchronized (events) {
            stopped = true;
        }
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (delivery != null) {
            delivery.close();
        }
        ReadingStore s = store;
        engine = null;
        if (s != null) {
            s.close(); // commits the open window
        }
    }

    /** The buffer's figures; empty before start. */
    public Optional<BufferStatus> status() {
        ReadingStore s = store;
        DeliveryEngine e = engine;
        return s == null || e == null ? Optional.empty() : Optional.of(BufferStatus.of(s.metrics(), e.metrics()));
    }

    /** Epoch, oldest buffered and last committed sequence numbers; empty before start. */
    public Optional<BufferSequence> sequence() {
        ReadingStore s = store;
        if (s == null) {
            return Optional.empty();
        }
        long last = s.lastSeq();
        long first = s.read(0, last, 1).stream().findFirst().map(r -> r.seq()).orElse(last + 1);
        return Optional.of(new BufferSequence(s.epoch(), first, last));
    }

    /** Clears a latched quarantine alarm (Device Reset Error Code). */
    public void resetAlarm() {
        ReadingStore s = store;
        if (s != null) {
            s.resetAlarm();
            watch();
        }
    }

    private void offer(Reading reading) {
        DeliveryEngine e = engine;
        if (e != null) {
            e.offer(reading, Priority.NORMAL);
        }
    }

    /** A fault raised or cleared, for the fault history: kept once the store is open. */
    private void record(FaultEvent event) {
        synchronized (events) {
            DeliveryEngine e = engine;
            if (e != null) {
                e.offer(event, clockSynchronised.getAsBoolean());
            } else if (!stopped && early.size() < EARLY_EVENTS) {
                early.add(event);
            }
        }
    }

    /** Store alarms to health, and clock synchronisation to the store: cheap, every few seconds. */
    private void watch() {
        synchronized (watching) {
            try {
                ReadingStore s = store;
                if (s == null) {
                    return;
                }
                Optional<StoreAlarm> quarantine = s.quarantined();
                // a second quarantine before the first was reset is a fault of its own
                if (quarantine.isPresent() && health.fault(QUARANTINED).filter(f -> !f.since().equals(quarantine.get()
                        .since())).isPresent()) {
                    health.clear(QUARANTINED);
                }
                report(QUARANTINED, quarantine);
                report(UNWRITABLE, s.unwritable());
                if (clockSynchronised.getAsBoolean()) {
                    s.clockSynchronised(); // logs the correction it makes, if any
                }
            } catch (RuntimeException e) {
                Logger.error(e, "buffer: watch failed");
            }
        }
    }

    private void report(String source, Optional<StoreAlarm> alarm) {
        alarm.ifPresentOrElse(a -> health.raise(source, Fault.Kind.STORE, "buffer: " + a.reason().name().toLowerCase()
                .replace('_', ' ') + ": " + a.detail(), a.since()), () -> health.clear(source));
    }
}
