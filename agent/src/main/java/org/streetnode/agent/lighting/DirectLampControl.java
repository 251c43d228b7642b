package org.streetnode.agent.lighting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.lamp.Lamp;
import org.tinylog.Logger;

/**
 * A stand-in {@link LampControl} until the lighting service (its own issue: programs, dusk and
 * dawn, presence, fail-safe across restarts) takes over: overrides drive the board's lamp
 * (relay and dimmer) directly. Without an override the lamp stays at the level it had when the
 * agent started (the hardware's state: the relay released is the wiring's fail-safe state).
 *
 * <p>One thread owns the lamp driver (it is not thread-safe); callers only change the wanted
 * state and never wait on the hardware. A maintenance override ranks above the platform's.
 * Overrides end at their expiry by the injected clock.
 */
public final class DirectLampControl implements LampControl, Service {
    private final Supplier<Optional<Lamp>> lamp;
    private final Health health;
    private final Clock clock;
    private final List<Consumer<LampStatus>> listeners = new CopyOnWriteArrayList<>();
    private final Map<LampOverride.Source, LampOverride> overrides = new EnumMap<>(LampOverride.Source.class);
    private volatile LampStatus status = new LampStatus(0, 0, "not started", Optional.empty());
    private ScheduledExecutorService thread;
    private ScheduledFuture<?> expiry;
    private double startLevel;

    /** @param lamp the board's lamp, looked up when the service starts (the board opens first) */
    public DirectLampControl(Supplier<Optional<Lamp>> lamp, Health health, Clock clock) {
        this.lamp = lamp;
        this.health = health;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "lamp";
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("lamp").daemon().factory());
        startLevel = lamp.get().map(Lamp::level).orElse(0.0);
        status = new LampStatus(startLevel, startLevel, "as found at start", Optional.empty());
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    @Override
    public LampStatus status() {
        return status;
    }

    @Override
    public synchronized void override(LampOverride o) {
        if (!(o.level() >= 0 && o.level() <= 100)) {
            throw new IllegalArgumentException("level " + o.level() + " is outside 0-100 %");
        }
        if (o.until().isPresent() && !o.until().get().isAfter(clock.instant())) {
            throw new IllegalArgumentException("the override would end at " + o.until().get() + ", which has passed");
        }
        if (o.until().isEmpty() && o.source() == LampOverride.Source.MAINTENANCE) {
            throw new IllegalArgumentException("a maintenance override needs an end time");
        }
        overrides.put(o.source(), o);
        apply();
    }

    @Override
    public synchronized void cancelOverride(LampOverride.Source source) {
        if (overrides.remove(source) != null) {
            apply();
        }
    }

    @Override
    public void onChange(Consumer<LampStatus> listener) {
        listeners.add(listener);
    }

    /** Works out the wanted level and hands it to the lamp thread; schedules the next expiry. */
    private void apply() {
        Optional<LampOverride> effective = Optional.ofNullable(overrides.get(LampOverride.Source.MAINTENANCE))
                .or(() -> Optional.ofNullable(overrides.get(LampOverride.Source.PLATFORM)));
        double target = effective.map(LampOverride::level).orElse(startLevel);
        String reason = effective.map(o -> "override by " + o.source().name().toLowerCase() + " (" + o.by() + ")")
                .orElse("no program yet: level as found at start");
        if (thread == null) {
            throw new IllegalStateException("the lamp control is not started");
        }
        thread.execute(() -> drive(target, reason, effective));
        if (expiry != null) {
            expiry.cancel(false);
        }
        overrides.values().stream().flatMap(o -> o.until().stream()).min(Instant::compareTo).ifPresent(end -> {
            long ms = Math.max(0, Duration.between(clock.instant(), end).toMillis());
            expiry = thread.schedule(this::expire, ms, TimeUnit.MILLISECONDS);
        });
    }

    private synchronized void expire() {
        Instant now = clock.instant();
        if (overrides.values().removeIf(o -> o.until().isPresent() && !o.until().get().isAfter(now))) {
            apply();
        } else if (!overrides.isEmpty()) {
            apply();
        }
    }

    /** On the lamp thread. */
    private void drive(double target, String reason, Optional<LampOverride> override) {
        double level = status.level();
        Optional<Lamp> l = lamp.get();
        if (l.isPresent()) {
            try {
                l.get().setLevel(target);
                level = l.get().level();
                health.clear("lamp");
            } catch (PortException e) {
                health.raise("lamp", Fault.Kind.PERIPHERAL, "cannot set the lamp to " + target + " %: " + e.getMessage());
            }
        }
        status = new LampStatus(level, target, reason, override);
        for (Consumer<LampStatus> listener : listeners) {
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                Logger.error(e, "lamp listener failed");
            }
        }
    }
}
