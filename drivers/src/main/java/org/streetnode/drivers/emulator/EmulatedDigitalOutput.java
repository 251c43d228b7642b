package org.streetnode.drivers.emulator;

import java.time.Clock;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.PortException;

/** An output port driving an {@link EmulatedPin}; its level can be read back by tests and the world. */
public final class EmulatedDigitalOutput implements DigitalOutput {

    private final EmulatedPin pin;
    private final boolean restingHigh;
    private final EmulatedBoardIo board;
    private final Clock clock;
    private final Lease lease;

    /** @param restingHigh the level it was requested with, which the wire rests at once let go */
    EmulatedDigitalOutput(EmulatedPin pin, boolean restingHigh, EmulatedBoardIo board, Clock clock, Lease lease) {
        this.pin = pin;
        this.restingHigh = restingHigh;
        this.board = board;
        this.clock = clock;
        this.lease = lease;
    }

    @Override
    public int pin() {
        return pin.number();
    }

    @Override
    public void setHigh(boolean high) throws PortException {
        board.withPort(lease, () -> {
            pin.drive(high, clock.instant());
            return null;
        });
    }

    @Override
    public boolean isHigh() {
        return pin.isHigh();
    }

    /** Lets the line go: the wire rests at the level it was requested with (the wiring's pull). */
    @Override
    public void close() {
        if (!lease.closed()) {
            lease.close();
            board.release(pin.number());
            rest();
        }
    }

    void rest() {
        pin.drive(restingHigh, clock.instant());
    }
}
