package org.streetnode.drivers.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.streetnode.drivers.port.DigitalEdge;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.PortException;

/**
 * A debounced input on an {@link EmulatedPin}. Like gpiod's debounce, a change is reported once
 * the level has held for the debounce time; a bounce back within it cancels the change. The board
 * settles pending changes whenever time moves ({@link EmulatedBoardIo#tick()}).
 */
public final class EmulatedDigitalInput implements DigitalInput {

    private final EmulatedPin pin;
    private final Duration debounce;
    private final EmulatedBoardIo board;
    private final Lease lease;
    private final EmulatedPin.LevelListener levelListener = this::levelChanged;
    private final List<Consumer<DigitalEdge>> listeners = new CopyOnWriteArrayList<>();
    private boolean reported;
    private Boolean pendingLevel;
    private Instant pendingAt;

    EmulatedDigitalInput(EmulatedPin pin, Duration debounce, EmulatedBoardIo board, Lease lease) {
        this.pin = Objects.requireNonNull(pin, "pin");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.board = board;
        this.lease = lease;
        this.reported = pin.isHigh();
        pin.addListener(levelListener);
    }

    @Override
    public int pin() {
        return pin.number();
    }

    @Override
    public Duration debounce() {
        return debounce;
    }

    @Override
    public boolean isHigh() throws PortException {
        return board.withPort(lease, pin::isHigh);
    }

    @Override
    public AutoCloseable onEdge(Consumer<DigitalEdge> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    private void levelChanged(boolean high, Instant at) {
        settle(at);
        if (pendingLevel != null) {
            // A change inside the window: bounced back cancels, anything else restarts the window.
            pendingLevel = high == reported ? null : high;
            pendingAt = at;
        } else if (high != reported) {
            pendingLevel = high;
            pendingAt = at;
        }
        settle(at);
    }

    /** Lets the line go: no more edges. */
    @Override
    public void close() {
        if (!lease.closed()) {
            lease.close();
            pin.removeListener(levelListener);
            board.release(pin.number());
        }
    }

    /** Reports a pending change that has held for the debounce time by {@code now}; a line that is gone reports none. */
    void settle(Instant now) {
        if (pendingLevel == null || now.isBefore(pendingAt.plus(debounce)) || !board.holds(lease)) {
            return;
        }
        reported = pendingLevel;
        DigitalEdge edge = new DigitalEdge(pin.number(), reported, pendingAt);
        pendingLevel = null;
        for (Consumer<DigitalEdge> listener : listeners) {
            listener.accept(edge);
        }
    }
}
