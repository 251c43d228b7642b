package org.streetnode.drivers;

import java.util.Objects;
import org.streetnode.drivers.port.I2cException;
import org.streetnode.drivers.port.PortException;

/** A sensor failed to initialise or to read; {@link #fault()} says precisely why. */
public final class SensorException extends Exception {

    private final transient SensorFault fault;

    public SensorException(SensorFault fault) {
        super(Objects.requireNonNull(fault, "fault").message());
        this.fault = fault;
    }

    public SensorException(SensorFault fault, Throwable cause) {
        super(Objects.requireNonNull(fault, "fault").message(), cause);
        this.fault = fault;
    }

    /**
     * Maps a failed transfer: a device that is not there is unavailable; no ACK stays no ACK;
     * anything after the ACK is a disconnect.
     */
    public static SensorException from(PortException failure) {
        if (failure.unavailable()) {
            return new SensorException(new SensorFault.Unavailable(failure.getMessage()), failure);
        }
        if (failure instanceof I2cException i2c && i2c.kind() == I2cException.Kind.NO_ACK) {
            return new SensorException(new SensorFault.NoAck(i2c.bus(), i2c.address()), failure);
        }
        return new SensorException(new SensorFault.Disconnected(failure.getMessage()), failure);
    }

    /** Fails with {@link SensorFault.OutOfRange} when {@code value} lies outside the chip's range. */
    public static double requireInRange(Quantity quantity, double value, double min, double max)
            throws SensorException {
        if (!(value >= min && value <= max)) {
            throw new SensorException(new SensorFault.OutOfRange(quantity, value, min, max));
        }
        return value;
    }

    public SensorFault fault() {
        return fault;
    }
}
