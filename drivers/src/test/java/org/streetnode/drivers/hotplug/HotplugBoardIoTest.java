package org.streetnode.drivers.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.emulator.BoardNode;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.emulator.Sds011Emulator;
import org.streetnode.drivers.lamp.Contact;
import org.streetnode.drivers.lamp.Dimmer;
import org.streetnode.drivers.lamp.DimmingCurve;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.lamp.Relay;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sds011.Sds011;

/**
 * The real drivers on hot-pluggable ports over the emulated board, each device class unplugged
 * before the first use, then pulled while in use and plugged back in: a port opened before the
 * device went stays dead (as a tty does), so only a port opened afresh reads it again.
 */
class HotplugBoardIoTest {
    private final TestBoard t = new TestBoard();
    private final HotplugBoardIo board = new HotplugBoardIo(t.board);

    private static SensorFault unavailable(SensorFault fault) {
        assertThat(fault).isInstanceOf(SensorFault.Unavailable.class);
        return fault;
    }

    @Test
    void aUsbSerialSensorMissingPulledAndReplugged() throws Exception {
        Sds011Emulator module = t.board.attach("/dev/ttyUSB0", new Sds011Emulator(t.clock.instant(), 0xA1B2));
        module.setConcentrations(3.0, 6.0);
        BoardNode usb = BoardNode.serial("/dev/ttyUSB0");
        t.board.unplug(usb);
        Sds011 pm = new Sds011(board.serial("/dev/ttyUSB0", Sds011.BAUD), board.clock());
        assertThat(unavailable(faultOf(pm::init)).message()).isEqualTo("device unavailable: no serial device /dev/ttyUSB0");

        t.board.plug(usb);
        pm.init();
        assertThat(value(pm.read(), Quantity.PM10)).isCloseTo(6.0, within(1e-9));

        t.board.unplug(usb);
        assertThat(unavailable(faultOf(pm::read)).message()).isEqualTo("device unavailable: no serial device /dev/ttyUSB0");
        t.board.plug(usb);
        module.setConcentrations(4.0, 8.0);
        t.clock.advance(Duration.ofSeconds(2));
        assertThat(value(pm.read(), Quantity.PM10)).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void aGpioInputMissingPulledAndReplugged() throws Exception {
        PirEmulator motion = new PirEmulator(t.board.pin(23));
        BoardNode line = BoardNode.gpio(23);
        t.board.unplug(line);
        PirSensor pir = new PirSensor(board.digitalInput(23, Pull.DOWN, Duration.ZERO), board.clock(), Duration.ofSeconds(10));
        List<Instant> starts = new ArrayList<>();
        pir.addListener(starts::add);
        assertThat(unavailable(faultOf(pir::init)).message())
                .isEqualTo("device unavailable: GPIO23 cannot be requested: the line is not there");

        t.board.plug(line);
        pir.init();
        Instant first = t.clock.instant();
        motion.output(true, first);
        motion.output(false, first.plusSeconds(3));
        assertThat(starts).containsExactly(first);

        t.board.unplug(line);
        assertThat(unavailable(faultOf(pir::read)).message()).contains("GPIO23 cannot be requested");
        t.clock.advance(Duration.ofMinutes(1));
        motion.output(true, t.clock.instant()); // nobody listens while the line is gone
        assertThat(starts).hasSize(1);

        t.board.plug(line);
        pir.init(); // requested afresh, found high: someone is there
        assertThat(starts).containsExactly(first, t.clock.instant());
        motion.output(false, t.clock.instant());
        t.clock.advance(Duration.ofSeconds(30));
        motion.output(true, t.clock.instant());
        assertThat(starts).hasSize(3);
    }

    @Test
    void anI2cBusMissingPulledAndReplugged() throws Exception {
        Bme280Emulator chip = t.board.attach(1, 0x76, new Bme280Emulator(t.clock));
        chip.setConditions(12.0, 60, 1000);
        BoardNode bus = BoardNode.i2cBus(1);
        t.board.unplug(bus);
        Bme280 air = new Bme280(board.i2c(1, 0x76), board.delay());
        assertThat(unavailable(faultOf(air::init)).message()).isEqualTo("device unavailable: 0x76 on i2c-1: /dev/i2c-1 does not exist");

        t.board.plug(bus);
        air.init();
        assertThat(value(air.read(), Quantity.TEMPERATURE)).isCloseTo(12.0, within(0.01));

        t.board.unplug(bus);
        assertThat(unavailable(faultOf(air::read)).message()).endsWith("/dev/i2c-1 does not exist");
        t.board.plug(bus);
        chip.setConditions(13.0, 60, 1000);
        assertThat(value(air.read(), Quantity.TEMPERATURE)).isCloseTo(13.0, within(0.01));
        assertThat(board.i2c(1, 0x76)).as("one chip, one port").isSameAs(board.i2c(1, 0x76));
    }

    @Test
    void lampOutputsMissingPulledAndRepluggedRestReleased() throws Exception {
        BoardNode relayLine = BoardNode.gpio(17);
        BoardNode pwmChip = BoardNode.pwmChip(0);
        t.board.unplug(relayLine);
        t.board.unplug(pwmChip);
        Lamp lamp = new Lamp(new Relay(board.digitalOutput(17, Relay.releasedLevel(true)), true, Contact.NORMALLY_CLOSED),
                new Dimmer(board.pwm(0, 0, 1000), 10, DimmingCurve.linear()));
        PortException missing = catchThrowableOfType(PortException.class, () -> lamp.setLevel(40)); // dims first
        assertThat(missing.unavailable()).isTrue();
        assertThat(missing).hasMessage("pwmchip0 does not exist");
        assertThat(lamp.on()).as("released: the normally-closed contact lights the lamp").isTrue();

        t.board.plug(pwmChip);
        assertThat(catchThrowableOfType(PortException.class, () -> lamp.setLevel(0))) // switches first
                .hasMessage("GPIO17 cannot be requested: the line is not there");
        t.board.plug(relayLine);
        lamp.setLevel(0);
        assertThat(t.board.pin(17).isHigh()).as("energised: off").isTrue();
        assertThat(lamp.on()).isFalse();

        t.board.unplug(relayLine);
        assertThat(t.board.pin(17).isHigh()).as("let go, the wire rests released").isFalse();
        assertThat(catchThrowableOfType(PortException.class, () -> lamp.setLevel(0)).unavailable()).isTrue();
        assertThat(lamp.on()).isTrue();
        t.board.plug(relayLine);
        lamp.setLevel(0);
        assertThat(lamp.on()).isFalse();

        t.board.unplug(pwmChip);
        assertThat(catchThrowableOfType(PortException.class, () -> lamp.setLevel(50)).unavailable()).isTrue();
        assertThat(lamp.dimmer().dutyCycle()).isZero();
        t.board.plug(pwmChip);
        lamp.setLevel(50);
        assertThat(t.board.pwmOutput(0, 0).orElseThrow().dutyCycle()).isEqualTo(55);
        assertThat(lamp.on()).isTrue();
    }
}
