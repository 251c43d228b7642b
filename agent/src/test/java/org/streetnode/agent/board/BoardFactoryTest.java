package org.streetnode.agent.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.LocationConfig;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.sim.ManualClock;

class BoardFactoryTest {
    private static final Path SIMULATED = Path.of("../config/boards/simulated.toml");
    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-21T10:00:00Z"));

    @TempDir
    Path dir;

    private Board open(BoardProfile profile) throws PortException {
        return BoardFactory.open(profile, LocationConfig.JENA, clock, clock.delay(), false);
    }

    @Test
    void theSimulatedProfileDrivesTheRealDriversAtTheConfiguredAddresses() throws Exception {
        BoardProfile profile = ConfigLoader.loadBoardProfile(SIMULATED);
        try (Board board = open(profile)) {
            assertThat(board.sensors()).extracting(s -> s.id() + "=" + s.driver().model()).containsExactly(
                    "air=BME280", "light=BH1750", "climate=SHT31", "lamp-power=INA219", "noise=ADS1115", "pm=SDS011",
                    "presence=PIR");
            for (Board.ConfiguredSensor s : board.sensors()) {
                s.driver().init();
                List<Measurement> ms = s.driver().read();
                assertThat(ms).extracting(Measurement::quantity).containsExactlyInAnyOrderElementsOf(s.driver().quantities());
            }
            double lux = board.sensor("light").orElseThrow().driver().read().get(0).value();
            assertThat(lux).as("midsummer morning in Jena is bright").isGreaterThan(10_000);

            // the lamp's relay and dimmer reach the simulated lamp, which the INA219 sees
            board.lamp().orElseThrow().setLevel(100);
            clock.advance(java.time.Duration.ofSeconds(1));
            double watts = board.sensor("lamp-power").orElseThrow().driver().read().stream()
                    .filter(m -> m.quantity() == Quantity.POWER).findFirst().orElseThrow().value();
            assertThat(watts).isBetween(55.0, 65.0);
            assertThat(board.presenceSensors()).hasSize(1);
        }
    }

    @Test
    void aFaultInTheProfileMakesThatSensorFailWithAPreciseReason() throws Exception {
        Path profileFile = dir.resolve("faulty.toml");
        Files.writeString(profileFile, Files.readString(SIMULATED)
                + "\n[[simulation.fault]]\nsensor = \"air\"\nfault = \"wrong-chip-id\"\n");
        try (Board board = open(ConfigLoader.loadBoardProfile(profileFile))) {
            assertThatThrownBy(() -> board.sensor("air").orElseThrow().driver().init())
                    .isInstanceOfSatisfying(SensorException.class, e ->
                            assertThat(e.fault().message()).matches("chip id 0x[0-9A-F]{2} where 0x60 expected"));
            board.sensor("light").orElseThrow().driver().init(); // the others are unaffected
        }
    }

    @Test
    void aFaultTheEmulatorCannotShowIsAClearStartupError() throws Exception {
        Path profileFile = dir.resolve("faulty.toml");
        Files.writeString(profileFile, Files.readString(SIMULATED)
                + "\n[[simulation.fault]]\nsensor = \"light\"\nfault = \"garbage-frames\"\n");
        assertThatThrownBy(() -> open(ConfigLoader.loadBoardProfile(profileFile))).isInstanceOf(PortException.class)
                .hasMessageStartingWith("[[simulation.fault]] for sensor light: ");
    }

    @Test
    void aBoardWithNoneOfItsDevicesOpensAndEachDeviceNamesItsMissingNodeWithTheFix() throws Exception {
        BoardProfile pi = ConfigLoader.loadBoardProfile(Path.of("../config/boards/raspberry-pi.toml"));
        try (Board board = BoardFactory.open(pi, LocationConfig.JENA, clock, clock.delay(), Optional.empty(), BoardPorts.pi4j(dir))) {
            assertThat(board.sensors()).hasSize(6);
            assertThatThrownBy(() -> board.sensor("air").orElseThrow().driver().init())
                    .isInstanceOfSatisfying(SensorException.class, e -> assertThat(e.fault())
                            .isInstanceOf(SensorFault.Unavailable.class))
                    .hasMessage("device unavailable: 0x76 on i2c-1: " + dir.resolve("dev/i2c-1") + " does not exist: I2C bus 1"
                            + " is not available (enable I2C (dtparam=i2c_arm=on in /boot/firmware/config.txt, or raspi-config))");
            assertThatThrownBy(() -> board.sensor("presence").orElseThrow().driver().init())
                    .hasMessageStartingWith("device unavailable: " + dir.resolve("dev/gpiochip0") + " does not exist");
            assertThatThrownBy(() -> board.lamp().orElseThrow().setLevel(50))
                    .hasMessageStartingWith(dir.resolve("sys/class/pwm/pwmchip0") + " does not exist: PWM chip 0 is not enabled");
            assertThat(board.lamp().orElseThrow().on()).as("the relay rests released: lit").isTrue();
        }
    }
}
