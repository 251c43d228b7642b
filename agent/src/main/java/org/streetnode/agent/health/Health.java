package org.streetnode.agent.health;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The faults the node has right now, one per source. Raising the same fault again changes
 * nothing (and logs nothing), so a failing sensor sampled every second writes one log line
 * when it fails and one when it recovers — SD cards wear out.
 *
 * <p>Every fault raised and every fault cleared is also a {@link FaultEvent}, told to the
 * {@link #onEvent} listeners in the order the transitions happened (the buffer keeps them as the
 * node's fault history); a new message for a fault already raised is none.
 */
public final class Health {
    private final Clock clock;
    private final Map<String, Fault> active = new ConcurrentHashMap<>();
    private final List<Consumer<List<Fault>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<FaultEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resetters = new CopyOnWriteArrayList<>();
    /** Held while a transition is decided and its event told, so events come in the order of their transitions. */
    private final Object transitions = new Object();

    public Health(Clock clock) {
        this.clock = clock;
    }

    /** Raises (or updates the message of) the fault of {@code source}, as of now. */
    public void raise(String source, Fault.Kind kind, String message) {
        raise(source, kind, message, clock.instant());
    }

    /**
     * Raises (or updates the message of) the fault of {@code source}.
     *
     * @param since when the condition began, for a part that knows it better than "now" (the
     *     store was quarantined while it opened); ignored when the fault is already raised
     */
    public void raise(String source, Fault.Kind kind, String message, Instant since) {
        synchronized (transitions) {
            Fault previous = active.get(source);
            if (previous != null && previous.kind() == kind && previous.message().equals(message)) {
                return;
            }
            Fault fault = new Fault(source, kind, message, previous == null ? since : previous.since());
            active.put(source, fault);
            Logger.warn("health: fault {}: {}", source, message);
            if (previous == null) {
                tell(new FaultEvent(fault, true, fault.since()));
            }
        }
        changed();
    }

    public void clear(String source) {
        synchronized (transitions) {
            Fault removed = active.remove(source);
            if (removed == null) {
                return;
            }
            Logger.info("health: cleared {} (was: {})", source, removed.message());
            tell(new FaultEvent(removed, false, clock.instant()));
        }
        changed();
    }

    /**
     * Called with every fault raised and cleared, on the thread that raised or cleared it, one
     * event at a time: a listener must be quick and never block (lighting raises faults too).
     */
    public void onEvent(Consumer<FaultEvent> listener) {
        eventListeners.add(listener);
    }

    public Optional<Fault> fault(String source) {
        return Optional.ofNullable(active.get(source));
    }

    /** Active faults, oldest first. */
    public List<Fault> faults() {
        List<Fault> list = new ArrayList<>(active.values());
        list.sort(Comparator.comparing(Fault::since).thenComparing(Fault::source));
        return list;
    }

    /** Distinct LwM2M error codes of the active faults, ascending; {@code [0]} when all is well. */
    public List<Integer> errorCodes() {
        List<Integer> codes = active.values().stream().map(f -> f.kind().errorCode()).distinct().sorted().toList();
        return codes.isEmpty() ? List.of(0) : codes;
    }

    /**
     * Parts that latch a fault until someone acknowledges it (a quarantined buffer) register
     * here; the platform's Reset Error Code (/3/0/12) and crews call {@link #resetLatched()}.
     */
    public void onReset(Runnable latchedFaultReset) {
        resetters.add(latchedFaultReset);
    }

    /** Clears latched faults; faults whose condition persists are raised again by their owners. */
    public void resetLatched() {
        resetters.forEach(Runnable::run);
    }

    /** Called with the new fault list after every change. */
    public void onChange(Consumer<List<Fault>> listener) {
        listeners.add(listener);
    }

    private void tell(FaultEvent event) {
        for (Consumer<FaultEvent> l : eventListeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                Logger.error(e, "health: fault event listener failed");
            }
        }
    }

    private void changed() {
        List<Fault> now = faults();
        for (Consumer<List<Fault>> l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                Logger.error(e, "health: listener failed");
            }
        }
    }
}
