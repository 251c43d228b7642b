package org.streetnode.drivers.lamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.emulator.EmulatedDigitalOutput;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;
import org.streetnode.drivers.port.PortException;

class LampTest {

    private final TestBoard t = new TestBoard();

    private Lamp lamp(boolean activeHigh, Contact contact, double minDuty, DimmingCurve curve) throws PortException {
        var relay = new Relay(t.board.digitalOutput(27, Relay.releasedLevel(activeHigh)), activeHigh, contact);
        var dimmer = new Dimmer(t.board.pwm(0, 0, 1000), minDuty, curve);
        return new Lamp(relay, dimmer);
    }

    private EmulatedDigitalOutput relayPin() {
        return t.board.output(27).orElseThrow();
    }

    private EmulatedPwmOutput pwm() {
        return t.board.pwmOutput(0, 0).orElseThrow();
    }

    @Test
    void linearMapWithMinimumLevel() throws PortException {
        Lamp lamp = lamp(true, Contact.NORMALLY_OPEN, 10, DimmingCurve.linear());
        lamp.setLevel(50);
        assertThat(pwm().dutyCycle()).isEqualTo(55.0);
        assertThat(relayPin().isHigh()).isTrue();
        lamp.setLevel(1);
        assertThat(pwm().dutyCycle()).isEqualTo(10.9);
        lamp.setLevel(100);
        assertThat(pwm().dutyCycle()).isEqualTo(100.0);
        assertThat(lamp.level()).isEqualTo(100);
    }

    @Test
    void zeroPercentOpensTheRelay() throws PortException {
        Lamp lamp = lamp(true, Contact.NORMALLY_OPEN, 10, DimmingCurve.linear());
        lamp.setLevel(70);
        lamp.setLevel(0);
        assertThat(relayPin().isHigh()).isFalse();
        assertThat(pwm().dutyCycle()).isZero();
        assertThat(lamp.on()).isFalse();
        assertThat(lamp.level()).isZero();
    }

    @Test
    void gammaCurve() throws PortException {
        Dimmer dimmer = new Dimmer(t.board.pwm(0, 1, 1000), 0, DimmingCurve.gamma(2.2));
        assertThat(dimmer.dutyFor(50)).isCloseTo(100 * Math.pow(0.5, 2.2), within(1e-9)); // 21.76 %
        assertThat(dimmer.dutyFor(100)).isEqualTo(100);
        assertThat(dimmer.dutyFor(0)).isZero();
        Dimmer withFloor = new Dimmer(t.board.pwm(0, 2, 1000), 8, DimmingCurve.gamma(2.2));
        assertThat(withFloor.dutyFor(50)).isCloseTo(8 + 92 * Math.pow(0.5, 2.2), within(1e-9));
        assertThat(withFloor.dutyFor(-5)).isZero();
        assertThat(withFloor.dutyFor(150)).isEqualTo(100);
    }

    @Test
    void activeLowRelayDrivesThePinLowToSwitchOn() throws PortException {
        Lamp lamp = lamp(false, Contact.NORMALLY_OPEN, 0, DimmingCurve.linear());
        assertThat(relayPin().isHigh()).as("requested released: high for active-low").isTrue();
        assertThat(lamp.on()).isFalse();
        lamp.setLevel(40);
        assertThat(relayPin().isHigh()).isFalse();
        assertThat(lamp.on()).isTrue();
    }

    @Test
    void normallyClosedContactIsFailSafeOn() throws PortException {
        Lamp lamp = lamp(false, Contact.NORMALLY_CLOSED, 0, DimmingCurve.linear());
        Relay relay = lamp.relay();
        assertThat(relay.failSafeLampOn()).isTrue();
        assertThat(lamp.on()).as("coil released: lamp lit through NC").isTrue();
        assertThat(lamp.level()).isEqualTo(100);
        lamp.setLevel(0);
        assertThat(relayPin().isHigh()).as("active-low coil energised to open NC").isFalse();
        relay.release();
        assertThat(relayPin().isHigh()).isTrue();
        assertThat(relay.lampOn()).isTrue();
    }

    @Test
    void normallyOpenIsDarkWhenReleased() throws PortException {
        Lamp lamp = lamp(true, Contact.NORMALLY_OPEN, 0, DimmingCurve.linear());
        lamp.setLevel(80);
        lamp.relay().release();
        assertThat(lamp.relay().failSafeLampOn()).isFalse();
        assertThat(lamp.on()).isFalse();
        assertThat(relayPin().isHigh()).isFalse();
    }
}
