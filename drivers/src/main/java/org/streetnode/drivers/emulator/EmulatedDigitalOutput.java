package org.streetnode.drivers.emulator;

import java.time.Clock;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.PortException;

/** An output port driving an {@link EmulatedPin}; its level can be read back by tests and the world. */
public final class EmulatedDigitalOutput implements DigitalOutput {

    private final EmulatedPin pin;
    private final EmulatedBoardIo board;
    private final Clock clock;

    EmulatedDigitalOutput(EmulatedPin pin, EmulatedBoardIo board, Clock clock) {
        this.pin = pin;
        this.board = board;
        this.clock = clock;
    }

    @Override
    public int pin() {
        return pin.number();
    }

    @Override
    public void setHigh(boolean high) throws PortException {
        board.withPort(() -> {
            pin.drive(high, clock.instant());
            return null;
        });
    }

    @Override
    public boolean isHigh() {
        return pin.isHigh();
    }
}
