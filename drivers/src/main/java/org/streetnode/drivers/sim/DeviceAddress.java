package org.streetnode.drivers.sim;

import java.util.Objects;
import org.streetnode.drivers.port.Hex;

/** Where a simulated device sits, as the board profile says it: bus and address, pin, or device node. */
public sealed interface DeviceAddress {

    record I2c(int bus, int address) implements DeviceAddress {
        @Override
        public String toString() {
            return Hex.byteHex(address) + " on i2c-" + bus;
        }
    }

    record Gpio(int pin) implements DeviceAddress {
        @Override
        public String toString() {
            return "GPIO" + pin;
        }
    }

    record Serial(String device) implements DeviceAddress {
        public Serial {
            Objects.requireNonNull(device, "device");
        }

        @Override
        public String toString() {
            return device;
        }
    }

    static DeviceAddress i2c(int bus, int address) {
        return new I2c(bus, address);
    }

    static DeviceAddress gpio(int pin) {
        return new Gpio(pin);
    }

    static DeviceAddress serial(String device) {
        return new Serial(device);
    }
}
