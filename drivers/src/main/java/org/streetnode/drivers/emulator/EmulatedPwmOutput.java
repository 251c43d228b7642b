package org.streetnode.drivers.emulator;

import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.PwmOutput;

/** A PWM channel whose duty cycle can be read back, resolved to 0.1 % like a fine hardware PWM. */
public final class EmulatedPwmOutput implements PwmOutput {

    private final int chip;
    private final int channel;
    private final int frequencyHz;
    private final EmulatedBoardIo board;
    private final Lease lease;
    private volatile double duty;

    EmulatedPwmOutput(int chip, int channel, int frequencyHz, EmulatedBoardIo board, Lease lease) {
        this.chip = chip;
        this.channel = channel;
        this.frequencyHz = frequencyHz;
        this.board = board;
        this.lease = lease;
    }

    @Override
    public int chip() {
        return chip;
    }

    @Override
    public int channel() {
        return channel;
    }

    @Override
    public int frequencyHz() {
        return frequencyHz;
    }

    @Override
    public void setDutyCycle(double percent) throws PortException {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("duty cycle must be 0..100 %, not " + percent);
        }
        board.withPort(lease, () -> {
            duty = Math.round(percent * 10) / 10.0;
            return null;
        });
    }

    @Override
    public double dutyCycle() {
        return duty;
    }

    /** Lets the channel go (it keeps its last duty, as a Linux PWM does). */
    @Override
    public void close() {
        if (!lease.closed()) {
            lease.close();
            board.release(chip, channel);
        }
    }
}
