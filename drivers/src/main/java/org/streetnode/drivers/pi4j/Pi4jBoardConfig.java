package org.streetnode.drivers.pi4j;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which hardware a real board uses, each port's node checked when the port opens: I2C buses
 * ({@code /dev/i2c-N}), the GPIO chip ({@code /dev/gpiochipN}), the PWM chip
 * ({@code /sys/class/pwm/pwmchipN}). {@code root} is "/" on a node; tests point it at a
 * temporary directory.
 */
public record Pi4jBoardConfig(Path root, String gpioChip, int pwmChip) {

    public Pi4jBoardConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(gpioChip, "gpioChip");
    }

    /** A Raspberry Pi 2..4: gpiochip0, pwmchip0. (A Pi 5 has its PWM on pwmchip2.) */
    public static Pi4jBoardConfig raspberryPi() {
        return new Pi4jBoardConfig(Path.of("/"), "gpiochip0", 0);
    }

    public Pi4jBoardConfig withRoot(Path newRoot) {
        return new Pi4jBoardConfig(newRoot, gpioChip, pwmChip);
    }

    public Path i2cNode(int bus) {
        return root.resolve("dev/i2c-" + bus);
    }

    public Path gpioNode() {
        return root.resolve("dev").resolve(gpioChip);
    }

    public Path pwmSysfs() {
        return root.resolve("sys/class/pwm");
    }

    public Path pwmChipDir() {
        return pwmSysfs().resolve("pwmchip" + pwmChip);
    }
}
