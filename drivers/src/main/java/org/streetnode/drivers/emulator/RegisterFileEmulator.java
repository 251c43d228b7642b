package org.streetnode.drivers.emulator;

import java.time.Clock;

/**
 * A chip with 8-bit registers behind an auto-incrementing pointer: the first byte written sets
 * the pointer, further bytes write registers, reads return registers from the pointer on.
 */
public abstract class RegisterFileEmulator extends I2cChipEmulator {

    private int pointer;

    protected RegisterFileEmulator(Clock clock) {
        super(clock);
    }

    @Override
    protected final boolean onWrite(byte[] data) {
        if (data.length == 0) {
            return true;
        }
        pointer = data[0] & 0xFF;
        for (int i = 1; i < data.length; i++) {
            writeRegister(pointer, data[i] & 0xFF);
            pointer = (pointer + 1) & 0xFF;
        }
        return true;
    }

    @Override
    protected final boolean onRead(byte[] buffer) {
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) readRegister(pointer);
            pointer = (pointer + 1) & 0xFF;
        }
        return true;
    }

    protected abstract int readRegister(int register);

    protected abstract void writeRegister(int register, int value);
}
