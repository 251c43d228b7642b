package org.streetnode.drivers.port;

import java.util.Objects;

/**
 * An I2C transfer failed. Says the bus, the address and what happened, e.g.
 * {@code "no ACK at 0x76 on i2c-1"}.
 */
public final class I2cException extends PortException {

    /** What went wrong on the wire. */
    public enum Kind {
        /** Nobody acknowledged the address (Linux: EREMOTEIO or ENXIO). */
        NO_ACK,
        /** The device acknowledged, then delivered or accepted fewer bytes than the transfer asked. */
        SHORT_TRANSFER,
        /** Any other bus error (arbitration lost, timeout, I/O error). */
        BUS_ERROR,
        /** The bus itself cannot be used: its device node is missing or not permitted, or it went away. */
        UNAVAILABLE
    }

    private final int bus;
    private final int address;
    private final Kind kind;

    public I2cException(int bus, int address, Kind kind, String detail) {
        this(bus, address, kind, detail, null);
    }

    public I2cException(int bus, int address, Kind kind, String detail, Throwable cause) {
        super(describe(bus, address, kind, detail), cause, kind == Kind.UNAVAILABLE);
        this.bus = bus;
        this.address = address;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public static I2cException noAck(int bus, int address) {
        return new I2cException(bus, address, Kind.NO_ACK, "");
    }

    public static I2cException shortTransfer(int bus, int address, String direction, int done, int wanted) {
        return new I2cException(bus, address, Kind.SHORT_TRANSFER, direction + " " + done + " of " + wanted + " bytes");
    }

    private static String describe(int bus, int address, Kind kind, String detail) {
        String where = Hex.byteHex(address) + " on i2c-" + bus;
        return switch (kind) {
            case NO_ACK -> "no ACK at " + where;
            case SHORT_TRANSFER -> detail + " at " + where;
            case BUS_ERROR -> "bus error at " + where + (detail.isEmpty() ? "" : ": " + detail);
            case UNAVAILABLE -> where + (detail.isEmpty() ? " unavailable" : ": " + detail);
        };
    }

    public int bus() {
        return bus;
    }

    public int address() {
        return address;
    }

    public Kind kind() {
        return kind;
    }
}
