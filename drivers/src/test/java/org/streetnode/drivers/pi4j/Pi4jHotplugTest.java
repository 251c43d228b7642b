package org.streetnode.drivers.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.hotplug.HotplugBoardIo;
import org.streetnode.drivers.lamp.Contact;
import org.streetnode.drivers.lamp.Dimmer;
import org.streetnode.drivers.lamp.DimmingCurve;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.lamp.Relay;
import org.streetnode.drivers.pi4j.Pi4jDigitalAdapterTest.Line;
import org.streetnode.drivers.pi4j.Pi4jDigitalAdapterTest.LineInputs;
import org.streetnode.drivers.pi4j.Pi4jDigitalAdapterTest.LineOutputs;
import org.streetnode.drivers.pi4j.Pi4jDigitalAdapterTest.OutputLine;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sim.ManualClock;

/**
 * Devices missing at start, gone while running and back again, through the real board's ports:
 * {@link HotplugBoardIo} over {@link Pi4jBoardIo}, which checks each port's device node under a
 * stand-in root ({@code dev/i2c-1}, {@code dev/gpiochip0}, {@code sys/class/pwm/pwmchip0}), on
 * providers standing in for LinuxFS I2C and gpiod, and Pi4J's own LinuxFS PWM provider writing
 * into the stand-in sysfs. A device "goes" as on a node: its node disappears and the port
 * already open fails; it "comes back" as a new node, which only a port opened afresh reaches.
 */
class Pi4jHotplugTest {
    private static final Instant T0 = Instant.parse("2025-12-21T22:00:00Z");

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(T0);
    private final Bme280Emulator bme = new Bme280Emulator(clock);
    private final EmulatorI2CProvider i2c = new EmulatorI2CProvider().attach(1, 0x76, bme);
    private final LineInputs inputs = new LineInputs();
    private final LineOutputs outputs = new LineOutputs();
    private Context context;
    private HotplugBoardIo board;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("sys/class/pwm"));
        context = Pi4J.newContextBuilder().noAutoDetect()
                .add(i2c, inputs, outputs, LinuxFsPwmProvider.newInstance(root.resolve("sys/class/pwm").toString(), 0))
                .build();
        Pi4jBoardConfig config = new Pi4jBoardConfig(root, "gpiochip0", 0);
        board = new HotplugBoardIo(new Pi4jBoardIo(context, new Pi4jProviderIds(Optional.of(EmulatorI2CProvider.ID),
                Optional.of(LineInputs.ID), Optional.of(LineOutputs.ID), Optional.of("linuxfs-pwm")), config, clock,
                clock.delay()));
    }

    @AfterEach
    void tearDown() {
        board.close();
    }

    private Path node(String relative) {
        return root.resolve(relative);
    }

    private void appear(String relative) throws Exception {
        Files.createFile(node(relative));
    }

    private void vanish(String relative) throws Exception {
        Files.delete(node(relative));
    }

    private static String unavailable(SensorFault fault) {
        assertThat(fault).isInstanceOf(SensorFault.Unavailable.class);
        return fault.message();
    }

    @Test
    void anI2cBusMissingAtStartGoneAndBackIsOpenedAfreshEachTime() throws Exception {
        bme.setConditions(4.5, 80, 1010);
        Bme280 air = new Bme280(board.i2c(1, 0x76), board.delay());
        assertThat(unavailable(faultOf(air::init))).isEqualTo("device unavailable: 0x76 on i2c-1: " + node("dev/i2c-1")
                + " does not exist: I2C bus 1 is not available (enable I2C (dtparam=i2c_arm=on in"
                + " /boot/firmware/config.txt, or raspi-config))");

        appear("dev/i2c-1"); // i2c-dev loaded late
        air.init();
        assertThat(value(air.read(), Quantity.TEMPERATURE)).isCloseTo(4.5, within(0.01));

        i2c.busGone(1); // the adapter unbound under the open bus
        vanish("dev/i2c-1");
        assertThat(unavailable(faultOf(air::read))).contains(node("dev/i2c-1") + " does not exist");
        assertThat(context.registry().exists("i2c-1-0x76")).as("the dead I2C is let go").isFalse();

        appear("dev/i2c-1");
        bme.setConditions(5.5, 80, 1010);
        air.init(); // the same Pi4J id, created again on the bus that is back
        assertThat(value(air.read(), Quantity.TEMPERATURE)).isCloseTo(5.5, within(0.01));
    }

    @Test
    void aGpioInputMissingAtStartGoneAndBackPassesEdgesOnlyWhileItIsThere() throws Exception {
        PirSensor pir = new PirSensor(board.digitalInput(23, Pull.DOWN, Duration.ofMillis(50)), clock, Duration.ofSeconds(60));
        List<Instant> starts = new ArrayList<>();
        pir.addListener(starts::add);
        assertThat(unavailable(faultOf(pir::init))).isEqualTo("device unavailable: " + node("dev/gpiochip0")
                + " does not exist: GPIO chip gpiochip0 is not available (is this a Raspberry Pi with a GPIO chip?)");

        appear("dev/gpiochip0");
        pir.init();
        Line first = inputs.lines.get(23);
        first.set(DigitalState.HIGH);
        assertThat(starts).containsExactly(T0);

        first.die();
        vanish("dev/gpiochip0");
        assertThat(unavailable(faultOf(pir::read))).contains(node("dev/gpiochip0") + " does not exist");
        assertThat(context.registry().exists("gpio-in-23")).isFalse();
        clock.advance(Duration.ofMinutes(5));
        first.set(DigitalState.LOW);
        first.set(DigitalState.HIGH); // whatever a dead line still says reaches nobody
        assertThat(starts).hasSize(1);

        appear("dev/gpiochip0");
        pir.init(); // the line requested afresh, found low: the presence that began before it went ends
        Line second = inputs.lines.get(23);
        assertThat(second).isNotSameAs(first);
        assertThat(pir.presentUntil()).contains(clock.instant().plus(Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(61));
        assertThat(pir.present()).isFalse();
        second.set(DigitalState.HIGH);
        assertThat(starts).containsExactly(T0, clock.instant());
        assertThat(pir.eventCount()).isEqualTo(2);
    }

    @Test
    void lampOutputsMissingAtStartGoneAndBackLeaveTheRelayReleasedWhileTheyAreGone() throws Exception {
        Lamp lamp = new Lamp(new Relay(board.digitalOutput(17, Relay.releasedLevel(true)), true, Contact.NORMALLY_CLOSED),
                new Dimmer(board.pwm(0, 0, 1000), 10, DimmingCurve.linear()));
        appear("dev/gpiochip0");
        PortException noPwm = catchThrowableOfType(PortException.class, () -> lamp.setLevel(40));
        assertThat(noPwm.unavailable()).isTrue();
        assertThat(noPwm).hasMessageStartingWith(node("sys/class/pwm/pwmchip0") + " does not exist: PWM chip 0 is not enabled");
        assertThat(lamp.on()).as("relay released: the normally-closed contact keeps the lamp lit").isTrue();

        Path channel = pwmChannel(); // dtoverlay=pwm applied
        lamp.setLevel(40);
        assertThat(Files.readString(channel.resolve("duty_cycle")).trim()).isEqualTo("460000"); // 10 + 90 % of 40 %
        lamp.setLevel(0);
        OutputLine relay = outputs.lines.get(17);
        assertThat(relay.state()).isEqualTo(DigitalState.HIGH); // energised: the lamp off
        assertThat(lamp.on()).isFalse();

        relay.die(); // the GPIO chip goes
        vanish("dev/gpiochip0");
        PortException noRelay = catchThrowableOfType(PortException.class, () -> lamp.setLevel(60));
        assertThat(noRelay.unavailable()).isTrue();
        assertThat(noRelay).hasMessageContaining(node("dev/gpiochip0") + " does not exist");
        assertThat(context.registry().exists("gpio-out-17")).isFalse();
        assertThat(lamp.on()).as("the line let go rests released: lit").isTrue();

        appear("dev/gpiochip0");
        lamp.setLevel(0);
        assertThat(outputs.lines.get(17)).isNotSameAs(relay);
        assertThat(outputs.lines.get(17).state()).isEqualTo(DigitalState.HIGH);
        assertThat(lamp.on()).isFalse();

        deleteTree(node("sys/class/pwm/pwmchip0")); // the PWM chip goes
        PortException gone = catchThrowableOfType(PortException.class, () -> lamp.setLevel(80));
        assertThat(gone.unavailable()).isTrue();
        assertThat(context.registry().exists("pwm-0-0")).isFalse();
        channel = pwmChannel();
        lamp.setLevel(80);
        assertThat(Files.readString(channel.resolve("duty_cycle")).trim()).isEqualTo("820000");
        assertThat(lamp.on()).isTrue();
    }

    /** {@code pwmchip0} with channel 0 exported, as the kernel lays it out. */
    private Path pwmChannel() throws Exception {
        Path chip = Files.createDirectories(node("sys/class/pwm/pwmchip0"));
        Files.writeString(chip.resolve("npwm"), "2\n");
        Files.writeString(chip.resolve("export"), "");
        Path channel = Files.createDirectories(chip.resolve("pwm0"));
        for (String file : List.of("period", "duty_cycle", "enable")) {
            Files.writeString(channel.resolve(file), "0\n");
        }
        Files.writeString(channel.resolve("polarity"), "normal\n");
        return channel;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
