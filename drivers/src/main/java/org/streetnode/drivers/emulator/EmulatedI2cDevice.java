package org.streetnode.drivers.emulator;

import java.util.Optional;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.I2cException;

/** The port side of an emulated chip: turns register access into the transfers a bus would carry. */
final class EmulatedI2cDevice implements I2cDevice {

    private final int bus;
    private final int address;
    private final EmulatedBoardIo board;
    private final Lease lease;

    EmulatedI2cDevice(int bus, int address, EmulatedBoardIo board, Lease lease) {
        this.bus = bus;
        this.address = address;
        this.board = board;
        this.lease = lease;
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
        write(new byte[] {(byte) register, (byte) value});
    }

    @Override
    public void readRegisters(int register, byte[] buffer) throws I2cException {
        transfer(new byte[] {(byte) register}, buffer);
    }

    @Override
    public void writeRegisters(int register, byte[] data) throws I2cException {
        byte[] tx = new byte[data.length + 1];
        tx[0] = (byte) register;
        System.arraycopy(data, 0, tx, 1, data.length);
        write(tx);
    }

    @Override
    public void write(byte[] data) throws I2cException {
        transfer(data, null);
    }

    @Override
    public void read(byte[] buffer) throws I2cException {
        transfer(null, buffer);
    }

    /** A write, a read, or a write then a repeated-start read, as one bus transaction. */
    private void transfer(byte[] tx, byte[] rx) throws I2cException {
        board.withI2c(bus, address, lease, () -> {
            Optional<I2cChipEmulator> chip = board.emulator(bus, address);
            if (chip.isEmpty()) {
                throw I2cException.noAck(bus, address);
            }
            if (tx != null) {
                int acked = chip.get().write(tx);
                if (acked == I2cChipEmulator.NACK) {
                    throw I2cException.noAck(bus, address);
                }
                if (acked < tx.length) {
                    throw I2cException.shortTransfer(bus, address, "wrote", acked, tx.length);
                }
            }
            if (rx != null) {
                byte[] in = new byte[rx.length];
                int got = chip.get().read(in);
                if (got == I2cChipEmulator.NACK) {
                    throw I2cException.noAck(bus, address);
                }
                if (got < rx.length) {
                    throw I2cException.shortTransfer(bus, address, "read", got, rx.length);
                }
                System.arraycopy(in, 0, rx, 0, rx.length);
            }
            return null;
        });
    }

    @Override
    public void close() {
        lease.close();
    }

    @Override
    public String toString() {
        return "emulated i2c-" + bus + "@" + Integer.toHexString(address);
    }
}
