package org.streetnode.drivers.hotplug;

import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.PortException;

/**
 * A GPIO output requested on first use and again after it failed. While the line is not held
 * (not yet opened, or let go after a failure) it rests at its resting level, where the board's
 * wiring holds it (a relay module's pull keeps the coil released); so it is requested at that
 * level, which changes nothing, and then driven.
 */
final class ReopeningDigitalOutput implements DigitalOutput {

    private final int pin;
    private final boolean restingHigh;
    private final Reopener<DigitalOutput> reopener;
    private volatile boolean high;

    ReopeningDigitalOutput(BoardIo io, int pin, boolean restingHigh) {
        this.pin = pin;
        this.restingHigh = restingHigh;
        this.high = restingHigh;
        this.reopener = new Reopener<>("GPIO" + pin, () -> io.digitalOutput(pin, restingHigh));
    }

    @Override
    public int pin() {
        return pin;
    }

    @Override
    public synchronized void setHigh(boolean level) throws PortException {
        DigitalOutput line = reopener.port();
        try {
            line.setHigh(level);
            high = level;
        } catch (PortException e) {
            high = restingHigh; // let go, or requested afresh at rest
            throw reopener.failed(line, e);
        }
    }

    /** The level last driven, or the resting level while the line is not held. */
    @Override
    public boolean isHigh() {
        return high;
    }

    @Override
    public synchronized void close() {
        reopener.close();
        high = restingHigh;
    }
}
