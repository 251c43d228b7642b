package org.streetnode.drivers.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.pi4j.Pi4J;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sim.ManualClock;

/** The real board's start: Pi4J's own providers, device nodes under a stand-in root. */
class Pi4jBoardIoStartupTest {

    @TempDir
    Path root;

    @Test
    void aMissingNodeFailsOnlyItsOwnPortNamingTheNodeAndTheFix() throws Exception {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/gpiochip0"));
        try (Pi4jBoardIo board = Pi4jBoardIo.open(Pi4jBoardConfig.raspberryPi().withRoot(root))) {
            assertThatThrownBy(() -> board.i2c(1, 0x76)).isInstanceOf(PortException.class)
                    .hasMessage(root.resolve("dev/i2c-1") + " does not exist: I2C bus 1 is not available"
                            + " (enable I2C (dtparam=i2c_arm=on in /boot/firmware/config.txt, or raspi-config))");
            assertThatThrownBy(() -> board.pwm(0, 0, 1000)).isInstanceOf(PortException.class)
                    .hasMessageStartingWith(root.resolve("sys/class/pwm/pwmchip0") + " does not exist: PWM chip 0 is not enabled");
            Files.delete(root.resolve("dev/gpiochip0"));
            assertThatThrownBy(() -> board.digitalInput(23, Pull.DOWN, Duration.ZERO)).isInstanceOf(PortException.class)
                    .hasMessageStartingWith(root.resolve("dev/gpiochip0") + " does not exist: GPIO chip gpiochip0 is not available");
            assertThatThrownBy(() -> board.digitalOutput(17, false))
                    .hasMessageStartingWith(root.resolve("dev/gpiochip0") + " does not exist");
        }
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
