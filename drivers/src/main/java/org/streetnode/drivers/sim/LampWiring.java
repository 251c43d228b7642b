package org.streetnode.drivers.sim;

import java.util.Objects;
import org.streetnode.drivers.lamp.Contact;

/**
 * How the simulated lamp hangs off the board, so the world can tell from pin levels and duty
 * whether it is lit: relay pin and polarity, contact, dimmer PWM, rated power and supply voltage.
 */
public record LampWiring(int relayPin, boolean activeHigh, Contact contact, int pwmChip, int pwmChannel,
        double ratedWatts, double supplyVolts) {

    public LampWiring {
        Objects.requireNonNull(contact, "contact");
        if (!(ratedWatts > 0) || !(supplyVolts > 0)) {
            throw new IllegalArgumentException("rated power and supply voltage must be positive");
        }
    }

    /**
     * The default pole: active-low relay module on GPIO27 through the normally-closed contact,
     * dimmer on pwmchip0/0, a 60 W LED module on a 24 V DC supply (the INA219 side; see
     * {@link org.streetnode.drivers.ina219.Ina219} on why not mains).
     */
    public static LampWiring standard() {
        return new LampWiring(27, false, Contact.NORMALLY_CLOSED, 0, 0, 60, 24);
    }
}
