package org.streetnode.drivers.pi4j.internal;

import com.pi4j.io.i2c.I2C;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.I2cException;

/**
 * The I2C port on a Pi4J {@link I2C}. Two Pi4J habits are handled here, once:
 * <ul>
 *   <li>{@code readRegisterWord} always assembles big-endian (first byte high); for a
 *       little-endian chip the bytes are swapped back.</li>
 *   <li>{@code readRegister(int)} and {@code read()} return an {@code int}, and some providers
 *       pass a Java {@code byte} through, sign-extended (0xF3 arrives as −13); block reads give
 *       signed Java bytes anyway. Every byte is masked with 0xFF, and single registers are read
 *       as one-byte blocks ({@link I2cDevice#readRegister}, not Pi4J's {@code readRegister(int)},
 *       which returns only the value) so that the transferred count can be checked.</li>
 * </ul>
 */
public final class Pi4jI2cDevice implements I2cDevice {

    private final I2C i2c;
    private final int bus;
    private final int address;
    private final Runnable release;
    private volatile boolean closed;

    /** @param release lets the Pi4J I2C go (shut down and out of the context's registry) */
    public Pi4jI2cDevice(I2C i2c, Runnable release) {
        this.i2c = Objects.requireNonNull(i2c, "i2c");
        this.bus = i2c.bus();
        this.address = i2c.device();
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public int bus() {
        return bus;
    }

    @Override
    public int address() {
        return address;
    }

    @Override
    public void writeRegister(int register, int value) throws I2cException {
        ensureOpen();
        try {
            i2c.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw Pi4jFailures.i2c(bus, address, e);
        }
    }

    @Override
    public void readRegisters(int register, byte[] buffer) throws I2cException {
        complete("read", buffer.length, () -> i2c.readRegister(register, buffer, 0, buffer.length));
    }

    @Override
    public void writeRegisters(int register, byte[] data) throws I2cException {
        // LinuxFS counts the register byte too; either count is a complete write.
        complete("wrote", data.length, () -> i2c.writeRegister(register, data, 0, data.length));
    }

    @Override
    public void write(byte[] data) throws I2cException {
        complete("wrote", data.length, () -> i2c.write(data, 0, data.length));
    }

    @Override
    public void read(byte[] buffer) throws I2cException {
        complete("read", buffer.length, () -> i2c.read(buffer, 0, buffer.length));
    }

    /** Runs a block transfer; a Pi4J failure or fewer bytes than {@code length} is an I2C fault. */
    private void complete(String verb, int length, IntSupplier transfer) throws I2cException {
        ensureOpen();
        int n;
        try {
            n = transfer.getAsInt();
        } catch (RuntimeException e) {
            throw Pi4jFailures.i2c(bus, address, e);
        }
        if (n < length) {
            throw I2cException.shortTransfer(bus, address, verb, Math.max(n, 0), length);
        }
    }

    @Override
    public int readWord(int register, ByteOrder order) throws I2cException {
        ensureOpen();
        int bigEndian;
        try {
            bigEndian = i2c.readRegisterWord(register) & 0xFFFF;
        } catch (RuntimeException e) {
            throw Pi4jFailures.i2c(bus, address, e);
        }
        return order == ByteOrder.BIG_ENDIAN ? bigEndian : swap(bigEndian);
    }

    @Override
    public void writeWord(int register, int value, ByteOrder order) throws I2cException {
        ensureOpen();
        try {
            // writeRegisterWord sends the high byte first.
            i2c.writeRegisterWord(register, order == ByteOrder.BIG_ENDIAN ? value & 0xFFFF : swap(value));
        } catch (RuntimeException e) {
            throw Pi4jFailures.i2c(bus, address, e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }

    private void ensureOpen() throws I2cException {
        if (closed) {
            throw new I2cException(bus, address, I2cException.Kind.BUS_ERROR, "closed");
        }
    }

    private static int swap(int word) {
        return (word & 0xFF) << 8 | (word >> 8) & 0xFF;
    }
}
