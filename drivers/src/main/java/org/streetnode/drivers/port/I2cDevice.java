package org.streetnode.drivers.port;

import java.nio.ByteOrder;

/**
 * One chip at one address on one I2C bus, with register-level and raw access.
 *
 * <p>Register methods send the register pointer, then read or write with the chip's
 * auto-increment. Raw {@link #write(byte[])} and {@link #read(byte[])} are for command-style chips
 * (SHT31, BH1750) that take opcodes instead of register pointers. Every value comes back
 * unsigned (0..255 per byte); signedness is the driver's business. A transfer either completes
 * in full or throws: a short read is an {@link I2cException} of kind
 * {@link I2cException.Kind#SHORT_TRANSFER}, never a partly filled buffer.
 */
public interface I2cDevice extends Port {

    int bus();

    int address();

    /**
     * Reads one register, 0..255: as a one-register block read, so that a short transfer is a
     * fault rather than a register that reads 0x00.
     */
    default int readRegister(int register) throws I2cException {
        byte[] one = new byte[1];
        readRegisters(register, one);
        return one[0] & 0xFF;
    }

    void writeRegister(int register, int value) throws I2cException;

    /** Reads {@code buffer.length} consecutive registers starting at {@code register}. */
    void readRegisters(int register, byte[] buffer) throws I2cException;

    /** Writes consecutive registers starting at {@code register}. */
    void writeRegisters(int register, byte[] data) throws I2cException;

    /** Writes bytes with no register pointer (a command). */
    void write(byte[] data) throws I2cException;

    /** Reads bytes with no register pointer (the answer to a command). */
    void read(byte[] buffer) throws I2cException;

    /** Reads a 16-bit register, 0..65535, in the chip's byte order. */
    default int readWord(int register, ByteOrder order) throws I2cException {
        byte[] b = new byte[2];
        readRegisters(register, b);
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        return order == ByteOrder.BIG_ENDIAN ? first << 8 | second : second << 8 | first;
    }

    /** Writes a 16-bit register in the chip's byte order. */
    default void writeWord(int register, int value, ByteOrder order) throws I2cException {
        byte high = (byte) (value >> 8);
        byte low = (byte) value;
        writeRegisters(register, order == ByteOrder.BIG_ENDIAN ? new byte[] {high, low} : new byte[] {low, high});
    }
}
