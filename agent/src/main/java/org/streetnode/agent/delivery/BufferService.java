package org.streetnode.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.streetnode.agent.config.BufferConfig;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.store.BootClock;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.ReadingStore;
import org.tinylog.Logger;

/**
 * The buffer in the agent: every reading on the bus goes into the store and out by LwM2M Send
 * when the platform can take it. At stop the open window is committed. A store alarm
 * (quarantined, disk full, read-only) becomes a fault (Device error code 16); while the clock is
 * synchronised, the store corrects the time of this boot's readings taken before.
 */
public final class BufferService implements Service {
    private static final Duration WATCH_EVERY = Duration.ofSeconds(5);
    private static final String FAULT_SOURCE = "store";

    private final BufferConfig config;
    private final BatchSender sender;
    private final UplinkConditions conditions;
    private final Health health;
    private final Clock clock;
    private final BooleanSupplier clockSynchronised;
    private final AgentThreads threads;
    private final UplinkState uplink = new UplinkState();
    private volatile ReadingStore store;
    private volatile DeliveryEngine engine;
    private DeliveryService delivery;
    private ScheduledExecutorService watcher;

    /** @param threads the store's committer's, delivery's and the watcher's */
    public BufferService(BufferConfig config, BatchSender sender, UplinkConditions conditions, ReadingBus readings,
            Health health, Clock clock, BooleanSupplier clockSynchronised, AgentThreads threads) {
        this.threads = threads;
        this.config = config;
        this.sender = sender;
        this.conditions = conditions;
        this.health = health;
        this.clock = clock;
        this.clockSynchronised = clockSynchronised;
        readings.subscribe(this::offer);
        health.onReset(this::resetAlarm);
    }

    @Override
    public String name() {
        return "buffer";
    }

    @Override
    public void start() {
        store = ReadingStore.open(config.store(), clock, BootClock.system(), threads.of("streetnode-store-commit"));
        engine = new DeliveryEngine(store, sender, uplink, config.delivery(), clock, RandomGenerator.getDefault());
        conditions.onUplinkChange(s -> {
            uplink.setRegistered(s.registered());
            uplink.setSendMuted(s.muteSend());
            uplink.setNotificationStoring(s.notificationStoring());
        });
        var now = conditions.uplinkState();
        uplink.setRegistered(now.registered());
        uplink.setSendMuted(now.muteSend());
        uplink.setNotificationStoring(now.notificationStoring());
        delivery = DeliveryService.start(engine, store, uplink, threads.of("streetnode-delivery"));
        watcher = Executors.newSingleThreadScheduledExecutor(threads.of("buffer-watch"));
        watcher.scheduleWithFixedDelay(this::watch, 0, WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
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

    /** Store alarm to health, and clock synchronisation to the store: cheap, every few seconds. */
    private void watch() {
        try {
            ReadingStore s = store;
            if (s == null) {
                return;
            }
            s.alarm().ifPresentOrElse(
                    a -> health.raise(FAULT_SOURCE, Fault.Kind.STORE, "buffer: " + a.reason().name().toLowerCase()
                            .replace('_', ' ') + ": " + a.detail()),
                    () -> health.clear(FAULT_SOURCE));
            if (clockSynchronised.getAsBoolean()) {
                s.clockSynchronised(); // logs the correction it makes, if any
            }
        } catch (RuntimeException e) {
            Logger.error(e, "buffer watch failed");
        }
    }
}
