package org.streetnode.drivers.emulator;

import java.util.Objects;

/**
 * What the kernel shows of a device, and what can vanish and come back: a serial adapter's
 * {@code /dev/ttyUSB0}, a GPIO line, an I2C bus's {@code /dev/i2c-N}, a PWM chip. See
 * {@link EmulatedBoardIo#unplug(BoardNode)}.
 */
public sealed interface BoardNode {

    record Serial(String device) implements BoardNode {
        public Serial {
            Objects.requireNonNull(device, "device");
        }

        @Override
        public String toString() {
            return device;
        }
    }

    record GpioLine(int pin) implements BoardNode {
        @Override
        public String toString() {
            return "GPIO" + pin;
        }
    }

    record I2cBus(int bus) implements BoardNode {
        @Override
        public String toString() {
            return "/dev/i2c-" + bus;
        }
    }

    record PwmChip(int chip) implements BoardNode {
        @Override
        public String toString() {
            return "pwmchip" + chip;
        }
    }

    static BoardNode serial(String device) {
        return new Serial(device);
    }

    static BoardNode gpio(int pin) {
        return new GpioLine(pin);
    }

    static BoardNode i2cBus(int bus) {
        return new I2cBus(bus);
    }

    static BoardNode pwmChip(int chip) {
        return new PwmChip(chip);
    }
}
