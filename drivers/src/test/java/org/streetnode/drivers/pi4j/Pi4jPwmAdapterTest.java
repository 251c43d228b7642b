package org.streetnode.drivers.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.drivers.port.PwmOutput;
import org.streetnode.drivers.sim.ManualClock;

/**
 * The PWM port through Pi4J's own LinuxFS PWM provider, writing into a directory laid out like
 * {@code /sys/class/pwm} (channel 0 already exported): what reaches the kernel's files on each
 * change of duty.
 */
class Pi4jPwmAdapterTest {
    @TempDir
    Path sysfs;

    private Path channel;
    private Context context;
    private Pi4jBoardIo board;

    @BeforeEach
    void setUp() throws Exception {
        Path chip = Files.createDirectories(sysfs.resolve("pwmchip0"));
        Files.writeString(chip.resolve("npwm"), "2\n");
        Files.writeString(chip.resolve("export"), "");
        channel = Files.createDirectories(chip.resolve("pwm0"));
        Files.writeString(channel.resolve("period"), "0\n");
        Files.writeString(channel.resolve("duty_cycle"), "0\n");
        Files.writeString(channel.resolve("enable"), "0\n");
        Files.writeString(channel.resolve("polarity"), "normal\n");
        context = Pi4J.newContextBuilder().noAutoDetect().add(LinuxFsPwmProvider.newInstance(sysfs.toString(), 0)).build();
        ManualClock clock = new ManualClock(Instant.parse("2025-03-20T12:00:00Z"));
        board = new Pi4jBoardIo(context, new Pi4jProviderIds(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("linuxfs-pwm")), 0, clock, clock.delay());
    }

    @AfterEach
    void tearDown() {
        board.close();
    }

    private String file(String name) throws Exception {
        return Files.readString(channel.resolve(name)).trim();
    }

    @Test
    void everyChangeOfDutyReachesTheKernelFiles() throws Exception {
        PwmOutput pwm = board.pwm(0, 0, 1000);

        pwm.setDutyCycle(40);
        assertThat(file("period")).isEqualTo("1000000"); // 1 kHz in nanoseconds
        assertThat(file("duty_cycle")).isEqualTo("400000");
        assertThat(file("polarity")).isEqualTo("normal");
        assertThat(file("enable")).isEqualTo("1");

        // Pi4J's setDutyCycle() alone only stores the value: the adapter applies each change
        pwm.setDutyCycle(100);
        pwm.setDutyCycle(25);
        assertThat(file("duty_cycle")).isEqualTo("250000");
        assertThat(file("enable")).isEqualTo("1");
        assertThat(pwm.dutyCycle()).isEqualTo(25);
    }

    @Test
    void zeroDisablesTheChannelAndTheResolutionIsAWholePercent() throws Exception {
        PwmOutput pwm = board.pwm(0, 0, 1000);
        pwm.setDutyCycle(60);

        pwm.setDutyCycle(0);
        assertThat(file("enable")).isEqualTo("0");
        assertThat(pwm.dutyCycle()).isZero();

        pwm.setDutyCycle(33.4);
        assertThat(file("duty_cycle")).isEqualTo("330000");
        assertThat(file("enable")).isEqualTo("1");
        assertThat(pwm.dutyCycle()).isEqualTo(33);
    }
}
