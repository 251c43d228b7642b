package org.streetnode.drivers.pi4j;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CBase;
import com.pi4j.io.i2c.I2CBusBase;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.io.i2c.I2CProviderBase;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.streetnode.drivers.emulator.I2cChipEmulator;

/**
 * A Pi4J I2C provider whose buses lead to our chip emulators, so drivers can run through the
 * Pi4J adapter layer without hardware. It behaves like LinuxFS where that matters: a missing ACK
 * is a Pi4JException around an IOException "Remote I/O error", a short read returns the short
 * count. And like some providers, {@code readRegister(int)} and {@code read()} hand back a
 * sign-extended byte, to prove the adapter masks it. A bus can {@linkplain #busGone(int) go away}:
 * like an I2C adapter unbound under an open {@code /dev/i2c-N}, every transfer then fails with
 * "No such device", and an I2C created before stays dead once the bus is back.
 */
final class EmulatorI2CProvider extends I2CProviderBase {

    static final String ID = "streetnode-emulated-i2c";

    private final Map<Long, I2cChipEmulator> chips = new HashMap<>();
    /** Each bus's life: bumped when it goes away. */
    private final Map<Integer, Integer> generations = new HashMap<>();

    EmulatorI2CProvider() {
        super(ID, "streetnode emulated I2C");
    }

    EmulatorI2CProvider attach(int bus, int address, I2cChipEmulator chip) {
        chips.put((long) bus << 32 | address, chip);
        return this;
    }

    /** The bus goes away under the I2Cs opened on it. */
    synchronized void busGone(int bus) {
        generations.merge(bus, 1, Integer::sum);
    }

    synchronized boolean alive(int bus, int generation) {
        return generations.getOrDefault(bus, 0) == generation;
    }

    @Override
    public synchronized I2C create(I2CConfig config) {
        I2cChipEmulator chip = chips.get((long) config.bus() << 32 | config.device());
        EmulatorI2C i2c = new EmulatorI2C(this, config, new Bus(config), chip, generations.getOrDefault(config.bus(), 0));
        context.registry().add(i2c);
        return i2c;
    }

    private static final class Bus extends I2CBusBase {
        Bus(I2CConfig config) {
            super(config);
        }

        @Override
        public <R> R execute(I2C i2c, Callable<R> action) {
            return _execute(i2c, action);
        }
    }

    private static final class EmulatorI2C extends I2CBase<Bus> {

        private final EmulatorI2CProvider provider;
        private final I2cChipEmulator chip;
        private final int generation;

        EmulatorI2C(EmulatorI2CProvider provider, I2CConfig config, Bus bus, I2cChipEmulator chip, int generation) {
            super(provider, config, bus);
            this.provider = provider;
            this.chip = chip;
            this.generation = generation;
        }

        private void busThere() {
            if (!provider.alive(bus(), generation)) {
                throw new Pi4JException("Failed to execute ioctl for device " + device() + " on bus " + bus(),
                        new IOException("No such device"));
            }
        }

        private Pi4JException nack() {
            return new Pi4JException("Failed to execute ioctl for device " + device() + " on bus " + bus(),
                    new IOException("Remote I/O error"));
        }

        private int tx(byte[] data) {
            busThere();
            if (chip == null) {
                throw nack();
            }
            int n = chip.write(data);
            if (n == I2cChipEmulator.NACK) {
                throw nack();
            }
            return n;
        }

        private int rx(byte[] buffer, int offset, int length) {
            busThere();
            if (chip == null) {
                throw nack();
            }
            byte[] tmp = new byte[length];
            int n = chip.read(tmp);
            if (n == I2cChipEmulator.NACK) {
                throw nack();
            }
            System.arraycopy(tmp, 0, buffer, offset, n);
            return n;
        }

        @Override
        public int write(byte b) {
            return tx(new byte[] {b});
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            return tx(Arrays.copyOfRange(data, offset, offset + length));
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            rx(one, 0, 1);
            return one[0]; // sign-extended on purpose
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return rx(buffer, offset, length);
        }

        @Override
        public int writeRegister(int register, byte b) {
            return tx(new byte[] {(byte) register, b});
        }

        @Override
        public int writeRegister(int register, byte[] data, int offset, int length) {
            byte[] tmp = new byte[length + 1];
            tmp[0] = (byte) register;
            System.arraycopy(data, offset, tmp, 1, length);
            return tx(tmp); // like LinuxFS: the count includes the register byte
        }

        @Override
        public int writeRegister(byte[] register, byte[] data, int offset, int length) {
            byte[] tmp = new byte[register.length + length];
            System.arraycopy(register, 0, tmp, 0, register.length);
            System.arraycopy(data, offset, tmp, register.length, length);
            return tx(tmp) - register.length;
        }

        @Override
        public int readRegister(int register) {
            byte[] one = new byte[1];
            readRegister(register, one, 0, 1);
            return one[0]; // sign-extended on purpose
        }

        @Override
        public int readRegister(byte[] register, byte[] buffer, int offset, int length) {
            tx(register);
            return rx(buffer, offset, length);
        }

        @Override
        public int readRegister(int register, byte[] buffer, int offset, int length) {
            return readRegister(new byte[] {(byte) register}, buffer, offset, length);
        }
    }
}
