package org.streetnode.drivers.pi4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the device nodes before Pi4J touches them, so a missing bus or a missing permission is
 * reported in our words, with the fix, instead of as a Pi4J or native stack trace.
 */
final class DeviceNodes {

    private DeviceNodes() {
    }

    /** Every problem found, one line each; empty when all is in place. */
    public static List<String> problems(Pi4jBoardConfig config) {
        List<String> problems = new ArrayList<>();
        for (int bus : config.i2cBuses()) {
            checkNode(config.i2cNode(bus), "I2C bus " + bus,
                    "enable I2C (dtparam=i2c_arm=on in /boot/firmware/config.txt, or raspi-config)", "i2c", problems);
        }
        checkNode(config.gpioNode(), "GPIO chip " + config.gpioChip(), "is this a Raspberry Pi with a GPIO chip?",
                "gpio", problems);
        Path pwm = config.pwmChipDir();
        if (!Files.isDirectory(pwm)) {
            problems.add(pwm + " does not exist: PWM chip " + config.pwmChip()
                    + " is not enabled (dtoverlay=pwm in /boot/firmware/config.txt; on a Pi 5 it is pwmchip2)");
        } else if (!Files.isWritable(pwm.resolve("export"))) {
            problems.add(pwm.resolve("export") + " is not writable by " + user() + " (add the user to group gpio)");
        }
        return problems;
    }

    private static void checkNode(Path node, String what, String enableHint, String group, List<String> problems) {
        if (!Files.exists(node)) {
            problems.add(node + " does not exist: " + what + " is not available (" + enableHint + ")");
        } else if (!Files.isReadable(node) || !Files.isWritable(node)) {
            problems.add(node + " is not readable and writable by " + user() + " (add the user to group " + group + ")");
        }
    }

    private static String user() {
        return System.getProperty("user.name", "this user");
    }
}
