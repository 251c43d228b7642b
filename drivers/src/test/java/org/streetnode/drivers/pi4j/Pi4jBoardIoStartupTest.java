package org.streetnode.drivers.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.pi4j.Pi4J;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.sim.ManualClock;

class Pi4jBoardIoStartupTest {

    @TempDir
    Path root;

    private void fakePi(boolean withI2c) throws Exception {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/gpiochip0"));
        if (withI2c) {
            Files.createFile(root.resolve("dev/i2c-1"));
        }
        Files.createDirectories(root.resolve("sys/class/pwm/pwmchip0"));
        Files.createFile(root.resolve("sys/class/pwm/pwmchip0/export"));
    }

    @Test
    void missingI2cBusIsNamedBeforePi4jStarts() throws Exception {
        fakePi(false);
        var e = catchThrowableOfType(PortException.class,
                () -> Pi4jBoardIo.open(Pi4jBoardConfig.raspberryPi().withRoot(root)));
        assertThat(e.getMessage()).isEqualTo("hardware not ready:\n  " + root.resolve("dev/i2c-1")
                + " does not exist: I2C bus 1 is not available"
                + " (enable I2C (dtparam=i2c_arm=on in /boot/firmware/config.txt, or raspi-config))");
    }

    @Test
    void everyMissingNodeIsListed() {
        var e = catchThrowableOfType(PortException.class,
                () -> Pi4jBoardIo.open(Pi4jBoardConfig.raspberryPi().withRoot(root)));
        assertThat(e.getMessage()).contains("dev/i2c-1 does not exist", "dev/gpiochip0 does not exist",
                "sys/class/pwm/pwmchip0 does not exist");
    }

    @Test
    void missingProvidersAreNamed() {
        var clock = new ManualClock(Instant.EPOCH);
        var context = Pi4J.newContextBuilder().noAutoDetect().build();
        var e = catchThrowableOfType(PortException.class,
                () -> new Pi4jBoardIo(context, Pi4jProviderIds.LINUX, 0, clock, clock.delay()));
        assertThat(e.getMessage()).startsWith(
                "Pi4J providers [linuxfs-i2c, gpiod-digital-input, gpiod-digital-output, linuxfs-pwm] missing");
    }
}
