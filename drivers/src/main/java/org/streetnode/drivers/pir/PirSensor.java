package org.streetnode.drivers.pir;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.port.DigitalEdge;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.PortException;
import org.tinylog.Logger;

/**
 * A PIR motion detector (HC-SR501, AM312 and alike) on a GPIO input: presence with a hold time,
 * a counter of events, and a listener that fires the moment presence starts.
 *
 * <h2>Wiring</h2>
 * VCC to 5 V (HC-SR501) or 3.3 V (AM312), GND, OUT to a GPIO, e.g. GPIO17 (pin 11). OUT is a
 * 3.3 V push-pull signal, high while motion is seen. Set the HC-SR501 jumper to "H" (retrigger)
 * and its time pot to the minimum: the hold time lives here, in software.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [[sensor]]
 * id = "presence"
 * driver = "pir"
 * pin = 17
 * pull = "down"
 * debounce = "50ms"
 * hold = "60s"
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * Every debounced rising edge counts as one presence event. Presence is true while the pin is
 * high and for {@code hold} after its last edge, so people walking through one after another
 * keep the light up without a flicker. Edges arrive on the board's event thread (Pi4J's gpiod
 * monitor), so {@link PresenceListener}s react within milliseconds; nothing polls.
 * {@link #read()} reports {@link Quantity#PRESENCE} (0 or 1) and {@link Quantity#PRESENCE_COUNT}.
 */
public final class PirSensor implements Sensor {

    private static final Set<Quantity> QUANTITIES = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of(Quantity.PRESENCE, Quantity.PRESENCE_COUNT)));

    private final DigitalInput input;
    private final Clock clock;
    private final Duration hold;
    private final List<PresenceListener> listeners = new CopyOnWriteArrayList<>();
    private AutoCloseable subscription;
    private boolean high;
    private Instant lastEdge;
    private long events;

    public PirSensor(DigitalInput input, Clock clock, Duration hold) {
        this.input = Objects.requireNonNull(input, "input");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (hold.isNegative()) {
            throw new IllegalArgumentException("hold time must not be negative");
        }
        this.hold = hold;
    }

    @Override
    public String model() {
        return "PIR";
    }

    @Override
    public Set<Quantity> quantities() {
        return QUANTITIES;
    }

    public Duration hold() {
        return hold;
    }

    public void addListener(PresenceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(PresenceListener listener) {
        listeners.remove(listener);
    }

    /**
     * Subscribes to the pin once and takes its level: a pin found high counts as someone present,
     * and one found low ends a presence whose falling edge was missed (the line was gone, or
     * just reopened).
     */
    @Override
    public void init() throws SensorException {
        synchronized (this) {
            if (subscription == null) {
                subscription = input.onEdge(this::onEdge);
            }
        }
        // Not under this sensor's lock: the port's lock comes first on the edge thread.
        onEdge(new DigitalEdge(input.pin(), level(), clock.instant())); // no change, no edge
    }

    /**
     * Presence and the event count. The pin is read too, so that a line that went away is noticed
     * here (its edges just stop) and the sampler marks the sensor failed.
     */
    @Override
    public List<Measurement> read() throws SensorException {
        level();
        synchronized (this) {
            return List.of(new Measurement(Quantity.PRESENCE, presentAt(clock.instant()) ? 1 : 0),
                    new Measurement(Quantity.PRESENCE_COUNT, events));
        }
    }

    private boolean level() throws SensorException {
        try {
            return input.isHigh();
        } catch (PortException e) {
            throw SensorException.from(e);
        }
    }

    /** Whether someone is present now (pin high, or within the hold time of the last edge). */
    public synchronized boolean present() {
        return presentAt(clock.instant());
    }

    public synchronized long eventCount() {
        return events;
    }

    /** When motion was last seen (the last edge), if ever. */
    public synchronized Optional<Instant> lastMotion() {
        return Optional.ofNullable(lastEdge);
    }

    /** Until when presence holds as things stand: now while the pin is high, else last edge + hold. */
    public synchronized Optional<Instant> presentUntil() {
        if (lastEdge == null) {
            return Optional.empty();
        }
        Instant heldUntil = lastEdge.plus(hold);
        Instant now = clock.instant();
        return Optional.of(high && now.isAfter(heldUntil) ? now : heldUntil);
    }

    private void onEdge(DigitalEdge edge) {
        boolean started;
        synchronized (this) {
            if (edge.high() == high) {
                return; // not a change: a repeated level, e.g. after re-initialisation
            }
            started = edge.high() && !presentAt(edge.at());
            high = edge.high();
            lastEdge = edge.at();
            if (edge.high()) {
                events++;
            }
        }
        if (started) {
            for (PresenceListener listener : listeners) {
                try {
                    listener.presenceStarted(edge.at());
                } catch (RuntimeException e) {
                    Logger.warn(e, "pir: presence listener failed");
                }
            }
        }
    }

    private boolean presentAt(Instant t) {
        return high || lastEdge != null && t.isBefore(lastEdge.plus(hold));
    }
}
