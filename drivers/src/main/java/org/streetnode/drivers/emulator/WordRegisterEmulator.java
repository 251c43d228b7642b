package org.streetnode.drivers.emulator;

import java.time.Clock;

/**
 * A chip with 16-bit registers sent MSB first behind a pointer byte (TI's INA219 and ADS1115):
 * write pointer + two bytes to set a register, write the pointer alone then read two bytes.
 */
public abstract class WordRegisterEmulator extends I2cChipEmulator {

    private int pointer;

    protected WordRegisterEmulator(Clock clock) {
        super(clock);
    }

    @Override
    protected final boolean onWrite(byte[] data) {
        if (data.length == 0) {
            return true;
        }
        pointer = data[0] & 0xFF;
        if (data.length >= 3) {
            writeWord(pointer, (data[1] & 0xFF) << 8 | data[2] & 0xFF);
        }
        return true;
    }

    @Override
    protected final boolean onRead(byte[] buffer) {
        int word = readWord(pointer);
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) (i % 2 == 0 ? word >> 8 : word);
        }
        return true;
    }

    protected abstract int readWord(int register);

    protected abstract void writeWord(int register, int value);
}
