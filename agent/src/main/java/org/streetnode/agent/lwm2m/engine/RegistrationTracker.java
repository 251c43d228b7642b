package org.streetnode.agent.lwm2m.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The node's standing with its LwM2M server as the registration engine reports it, for the
 * shell, the demo and the buffer. Logs transitions only (registered, lost, bootstrapping) and a
 * failure when its reason changes, never each periodic update or each retry of the same failure.
 */
public final class RegistrationTracker {
    private final Clock clock;
    private final AtomicReference<RegistrationStatus> status;
    private final List<Consumer<RegistrationStatus>> listeners = new CopyOnWriteArrayList<>();

    public RegistrationTracker(Clock clock, String server) {
        this.clock = clock;
        this.status = new AtomicReference<>(RegistrationStatus.stopped(server));
    }

    public RegistrationStatus status() {
        return status.get();
    }

    /** Called after every change, on the engine's thread; be quick. */
    public void onChange(Consumer<RegistrationStatus> listener) {
        listeners.add(listener);
    }

    public void registering(String server) {
        set(s -> new RegistrationStatus(server, RegistrationStatus.State.REGISTERING, Optional.empty(), s.lastContact(),
                Optional.empty(), s.lastError()));
    }

    public void bootstrapping(String server) {
        RegistrationStatus before = set(s -> new RegistrationStatus(server, RegistrationStatus.State.BOOTSTRAPPING,
                Optional.empty(), s.lastContact(), Optional.empty(), s.lastError()));
        if (before.state() != RegistrationStatus.State.BOOTSTRAPPING) {
            Logger.info("lwm2m: bootstrapping from {}", server);
        }
    }

    public void bootstrapped(String server) {
        Logger.info("lwm2m: bootstrap from {} finished; the server accounts it wrote are kept", server);
    }

    /** Registered (or registered again); {@code nextUpdate} is when the registration will be renewed. */
    public void registered(String server, String registrationId, Instant nextUpdate) {
        RegistrationStatus before = set(s -> new RegistrationStatus(server, RegistrationStatus.State.REGISTERED,
                Optional.of(registrationId), Optional.of(clock.instant()), Optional.of(nextUpdate), s.lastError()));
        if (before.lastError().isPresent() && !before.registered()) {
            Logger.info("lwm2m: registered with {} as {} (recovered from: {})", server, registrationId, before.lastError().get());
        } else {
            Logger.info("lwm2m: registered with {} as {}", server, registrationId);
        }
    }

    public void updated(Instant nextUpdate) {
        set(s -> new RegistrationStatus(s.server(), RegistrationStatus.State.REGISTERED, s.registrationId(),
                Optional.of(clock.instant()), Optional.of(nextUpdate), s.lastError()));
    }

    /** An attempt failed; the next one is due at {@code next}, if the engine will try again. */
    public void failed(String server, String error, Optional<Instant> next) {
        RegistrationStatus before = set(s -> new RegistrationStatus(server, RegistrationStatus.State.RETRYING,
                Optional.empty(), s.lastContact(), next, Optional.of(error)));
        String when = next.map(t -> "; next attempt at " + t).orElse("; no further attempts (the server's settings say so)");
        if (before.registered()) {
            Logger.warn("lwm2m: lost the registration with {}: {}{}", server, error, when);
        } else if (!before.lastError().equals(Optional.of(error)) || next.isEmpty()) {
            Logger.warn("lwm2m: {}: {}{}", server, error, when);
        } else {
            Logger.debug("lwm2m: {}: {}{}", server, error, when);
        }
    }

    public void stopped() {
        set(s -> new RegistrationStatus(s.server(), RegistrationStatus.State.STOPPED, Optional.empty(), s.lastContact(),
                Optional.empty(), s.lastError()));
    }

    private RegistrationStatus set(java.util.function.UnaryOperator<RegistrationStatus> change) {
        RegistrationStatus before = status.getAndUpdate(change);
        RegistrationStatus now = status.get();
        for (Consumer<RegistrationStatus> l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                Logger.error(e, "lwm2m: registration status listener failed");
            }
        }
        return before;
    }
}
