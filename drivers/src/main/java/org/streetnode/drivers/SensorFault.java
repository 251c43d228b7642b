package org.streetnode.drivers;

import java.time.Duration;
import java.util.Objects;
import org.streetnode.drivers.port.Hex;

/**
 * Why a sensor could not deliver a reading: a closed set, so the sampler can count, alarm and
 * back off per kind, and a technician reads one short line that says what happened.
 */
public sealed interface SensorFault {

    /** One short line for logs, the shell and LwM2M error strings. */
    String message();

    /** The chip did not acknowledge its address: absent, unpowered, wrong address or bus. */
    record NoAck(int bus, int address) implements SensorFault {
        @Override
        public String message() {
            return "no ACK at " + Hex.byteHex(address) + " on i2c-" + bus;
        }
    }

    /** Something answers at the address, but it is not the chip the driver expects. */
    record WrongChipId(int expected, int actual) implements SensorFault {
        @Override
        public String message() {
            return "chip id " + Hex.hex(actual) + " where " + Hex.hex(expected) + " expected";
        }
    }

    /** A data word arrived with a CRC that does not match its content. */
    record CrcMismatch(int expected, int actual) implements SensorFault {
        @Override
        public String message() {
            return "CRC " + Hex.byteHex(actual) + " where " + Hex.byteHex(expected) + " expected";
        }
    }

    /** A serial frame was malformed or failed its checksum; {@code detail} says how. */
    record BadFrame(String detail) implements SensorFault {
        public BadFrame {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String message() {
            return "bad frame: " + detail;
        }
    }

    /** The device did not deliver {@code awaited} within {@code waited}. */
    record Timeout(String awaited, Duration waited) implements SensorFault {
        public Timeout {
            Objects.requireNonNull(awaited, "awaited");
            Objects.requireNonNull(waited, "waited");
        }

        @Override
        public String message() {
            return "no " + awaited + " within " + waited.toMillis() + " ms";
        }
    }

    /**
     * The device is not there to be used: its device node, bus or line is missing, busy or not
     * permitted, or its port died (a USB serial adapter unplugged). {@code detail} names the node.
     */
    record Unavailable(String detail) implements SensorFault {
        public Unavailable {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String message() {
            return "device unavailable: " + detail;
        }
    }

    /** The device answered, then went away during a transfer (short read, bus error). */
    record Disconnected(String detail) implements SensorFault {
        public Disconnected {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String message() {
            return "disconnected mid-transfer: " + detail;
        }
    }

    /** The value lies outside what the chip can measure, so it cannot be a real reading. */
    record OutOfRange(Quantity quantity, double value, double min, double max) implements SensorFault {
        public OutOfRange {
            Objects.requireNonNull(quantity, "quantity");
        }

        @Override
        public String message() {
            String unit = quantity.unit();
            return "%s %s %s outside %s..%s %s".formatted(quantity.name().toLowerCase(java.util.Locale.ROOT),
                    Hex.number(value), unit, Hex.number(min), Hex.number(max), unit);
        }
    }
}
