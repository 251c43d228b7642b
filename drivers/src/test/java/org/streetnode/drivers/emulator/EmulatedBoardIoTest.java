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
    void unsupportedFaultsAreRefused() {
        assertThatThrownBy(() -> new Bh1750Emulator(t.clock).inject(Fault.WRONG_CHIP_ID))
                .hasMessageContaining("Bh1750Emulator cannot show WRONG_CHIP_ID");
    }
}
