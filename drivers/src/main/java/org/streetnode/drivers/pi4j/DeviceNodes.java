package org.streetnode.drivers.pi4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a port's device node before Pi4J touches it, so that a missing bus or a missing
 * permission is reported in our words, with the fix, instead of as a Pi4J or native stack trace.
 * Checked at each opening: a node that is missing at start may appear later (a module loaded,
 * an overlay applied), and the port then opens.
 */
final class DeviceNodes {

    private DeviceNodes() {
    }

    /** What is wrong with I2C bus {@code bus}'s node, if anything. */
    public static Optional<String> i2c(Pi4jBoardConfig config, int bus) {
        return node(config.i2cNode(bus), "I2C bus " + bus,
                "enable I2C (dtparam=i2c_arm=on in /boot/firmware/config.txt, or raspi-config)", "i2c");
    }

    /** What is wrong with the GPIO chip's node, if anything. */
    public static Optional<String> gpio(Pi4jBoardConfig config) {
        return node(config.gpioNode(), "GPIO chip " + config.gpioChip(), "is this a Raspberry Pi with a GPIO chip?", "gpio");
    }

    /** What is wrong with the PWM chip's sysfs directory, if anything. */
    public static Optional<String> pwm(Pi4jBoardConfig config) {
        Path pwm = config.pwmChipDir();
        if (!Files.isDirectory(pwm)) {
            return Optional.of(pwm + " does not exist: PWM chip " + config.pwmChip()
                    + " is not enabled (dtoverlay=pwm in /boot/firmware/config.txt; on a Pi 5 it is pwmchip2)");
        }
        if (!Files.isWritable(pwm.resolve("export"))) {
            return Optional.of(pwm.resolve("export") + " is not writable by " + user() + " (add the user to group gpio)");
        }
        return Optional.empty();
    }

    private static Optional<String> node(Path node, String what, String enableHint, String group) {
        if (!Files.exists(node)) {
            return Optional.of(node + " does not exist: " + what + " is not available (" + enableHint + ")");
        }
        if (!Files.isReadable(node) || !Files.isWritable(node)) {
            return Optional.of(node + " is not readable and writable by " + user() + " (add the user to group " + group + ")");
        }
        return Optional.empty();
    }

    private static String user() {
        return System.getProperty("user.name", "this user");
    }
}
