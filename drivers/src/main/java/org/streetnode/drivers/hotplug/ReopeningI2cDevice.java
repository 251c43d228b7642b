package org.streetnode.drivers.hotplug;

import java.nio.ByteOrder;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.I2cException;
import org.streetnode.drivers.port.PortException;

/**
 * A chip on an I2C bus whose bus is opened on first use and again after a bus error. A chip that
 * does not answer (no ACK, a short transfer) is the chip's business: the bus stays open and the
 * driver's own fault says what happened. A bus that cannot be opened fails every transfer as
 * {@link I2cException.Kind#UNAVAILABLE}.
 */
final class ReopeningI2cDevice implements I2cDevice {

    /** One transfer on the bus underneath. */
    @FunctionalInterface
    private interface Transfer<T> {
        T run(I2cDevice device) throws I2cException;
    }

    private final int bus;
    private final int address;
    private final Reopener<I2cDevice> reopener;

    ReopeningI2cDevice(BoardIo io, int bus, int address) {
        this.bus = bus;
        this.address = address;
        this.reopener = new Reopener<>("i2c-" + bus, () -> io.i2c(bus, address));
    }

    @Override
    public int bus() {
        return bus;
    }

    @Override
    public int address() {
        return address;
    }

    private synchronized <T> T transfer(Transfer<T> transfer) throws I2cException {
        I2cDevice device;
        try {
            device = reopener.port();
        } catch (PortException e) {
            throw unavailable(e);
        }
        try {
            return transfer.run(device);
        } catch (I2cException e) {
            if (e.kind() != I2cException.Kind.BUS_ERROR) {
                throw e;
            }
            PortException outcome = reopener.failed(device, e);
            throw outcome instanceof I2cException i2c ? i2c : unavailable(outcome);
        }
    }

    private I2cException unavailable(PortException e) {
        return e instanceof I2cException i2c && i2c.kind() == I2cException.Kind.UNAVAILABLE ? i2c
                : new I2cException(bus, address, I2cException.Kind.UNAVAILABLE, e.getMessage(), e);
    }

    @Override
    public int readRegister(int register) throws I2cException {
        return transfer(d -> d.readRegister(register));
    }

    @Override
    public void writeRegister(int register, int value) throws I2cException {
        transfer(d -> {
            d.writeRegister(register, value);
            return null;
        });
    }

    @Override
    public void readRegisters(int register, byte[] buffer) throws I2cException {
        transfer(d -> {
            d.readRegisters(register, buffer);
            return null;
        });
    }

    @Override
    public void writeRegisters(int register, byte[] data) throws I2cException {
        transfer(d -> {
            d.writeRegisters(register, data);
            return null;
        });
    }

    @Override
    public void write(byte[] data) throws I2cException {
        transfer(d -> {
            d.write(data);
            return null;
        });
    }

    @Override
    public void read(byte[] buffer) throws I2cException {
        transfer(d -> {
            d.read(buffer);
            return null;
        });
    }

    @Override
    public int readWord(int register, ByteOrder order) throws I2cException {
        return transfer(d -> d.readWord(register, order));
    }

    @Override
    public void writeWord(int register, int value, ByteOrder order) throws I2cException {
        transfer(d -> {
            d.writeWord(register, value, order);
            return null;
        });
    }

    @Override
    public void close() {
        reopener.close();
    }
}
