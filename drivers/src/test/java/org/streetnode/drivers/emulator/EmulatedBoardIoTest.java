package org.streetnode.drivers.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.port.I2cException;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;

class EmulatedBoardIoTest {

    private final TestBoard t = new TestBoard();

    @Test
    void aGpioLineIsRequestedOnce() throws PortException {
        t.board.digitalInput(17, Pull.DOWN, Duration.ZERO);
        assertThatThrownBy(() -> t.board.digitalOutput(17, false)).hasMessage("GPIO17 is busy: already requested");
    }

    @Test
    void pullUpMakesAnUndrivenInputHigh() throws PortException {
        assertThat(t.board.digitalInput(5, Pull.UP, Duration.ZERO).isHigh()).isTrue();
        assertThat(t.board.digitalInput(6, Pull.DOWN, Duration.ZERO).isHigh()).isFalse();
    }

    @Test
    void emptyAddressDoesNotAck() throws PortException {
        var device = t.board.i2c(1, 0x50);
        assertThatThrownBy(() -> device.readRegister(0)).isInstanceOfSatisfying(I2cException.class,
                e -> assertThat(e.kind()).isEqualTo(I2cException.Kind.NO_ACK)).hasMessage("no ACK at 0x50 on i2c-1");
    }

    @Test
    void closedBoardRefusesPorts() throws PortException {
        var device = t.board.i2c(1, 0x50);
        t.board.close();
        assertThatThrownBy(() -> t.board.i2c(1, 0x51)).hasMessage("board is closed");
        assertThatThrownBy(() -> device.readRegister(0)).hasMessageContaining("board is closed");
    }

    @Test
    void aPortOpenedBeforeItsNodeWasUnpluggedStaysDeadAndAClosedLineCanBeRequestedAgain() throws PortException {
        t.board.attach("/dev/ttyUSB0", new Sds011Emulator(t.clock.instant(), 1));
        var before = t.board.serial("/dev/ttyUSB0", 9600);
        t.board.unplug(BoardNode.serial("/dev/ttyUSB0"));
        assertThatThrownBy(() -> t.board.serial("/dev/ttyUSB0", 9600)).hasMessage("no serial device /dev/ttyUSB0");
        t.board.plug(BoardNode.serial("/dev/ttyUSB0"));
        assertThatThrownBy(() -> before.read(new byte[10], Duration.ZERO)).hasMessage("/dev/ttyUSB0 is gone");
        assertThat(t.board.serial("/dev/ttyUSB0", 9600).read(new byte[10], Duration.ofSeconds(1))).isEqualTo(10);

        var relay = t.board.digitalOutput(17, false);
        relay.setHigh(true);
        relay.close();
        assertThat(t.board.pin(17).isHigh()).as("let go: back to the level it was requested at").isFalse();
        assertThatThrownBy(() -> relay.setHigh(true)).hasMessage("GPIO17 is closed");
        t.board.digitalOutput(17, false).setHigh(true);
        assertThat(t.board.pin(17).isHigh()).isTrue();
    }

    @Test
    void unsupportedFaultsAreRefused() {
        assertThatThrownBy(() -> new Bh1750Emulator(t.clock).inject(Fault.WRONG_CHIP_ID))
                .hasMessageContaining("Bh1750Emulator cannot show WRONG_CHIP_ID");
    }
}
