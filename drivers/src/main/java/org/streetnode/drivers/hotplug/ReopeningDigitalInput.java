package org.streetnode.drivers.hotplug;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.DigitalEdge;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;

/**
 * A GPIO input requested on first read and again after it failed. Its edge listeners outlive
 * the line underneath: the line open now passes its edges on to them, one let go does not. A
 * line that is gone delivers no edges, so a failed {@link #isHigh()} is what tells that it went.
 */
final class ReopeningDigitalInput implements DigitalInput {

    private final int pin;
    private final Duration debounce;
    private final Reopener<DigitalInput> reopener;
    private final List<Consumer<DigitalEdge>> listeners = new CopyOnWriteArrayList<>();

    ReopeningDigitalInput(BoardIo io, int pin, Pull pull, Duration debounce) {
        this.pin = pin;
        this.debounce = debounce;
        this.reopener = new Reopener<>("GPIO" + pin, () -> {
            DigitalInput line = io.digitalInput(pin, pull, debounce);
            line.onEdge(edge -> dispatch(line, edge));
            return line;
        });
    }

    @Override
    public int pin() {
        return pin;
    }

    @Override
    public Duration debounce() {
        return debounce;
    }

    @Override
    public boolean isHigh() throws PortException {
        return reopener.use(DigitalInput::isHigh);
    }

    @Override
    public AutoCloseable onEdge(Consumer<DigitalEdge> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    private void dispatch(DigitalInput from, DigitalEdge edge) {
        if (reopener.holds(from)) {
            listeners.forEach(l -> l.accept(edge));
        }
    }

    @Override
    public void close() {
        reopener.close();
    }
}
