package org.streetnode.drivers.lamp;

import java.util.Objects;
import org.streetnode.drivers.port.PortException;

/**
 * The street lamp: relay and dimmer behind one level. 0 % opens the relay (no standby draw of the
 * LED driver); any other level closes it and dims. Not thread-safe: the lighting thread owns it.
 */
public final class Lamp {

    private final Relay relay;
    private final Dimmer dimmer;
    private double level;

    public Lamp(Relay relay, Dimmer dimmer) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.dimmer = Objects.requireNonNull(dimmer, "dimmer");
        this.level = relay.lampOn() ? 100 : 0;
    }

    /** Sets the level, 0..100 % (clamped). */
    public void setLevel(double percent) throws PortException {
        if (Double.isNaN(percent)) {
            throw new IllegalArgumentException("level is NaN");
        }
        double target = Math.clamp(percent, 0, 100);
        if (target == 0) {
            relay.setLampOn(false);
            dimmer.setLevel(0);
        } else {
            // Dim first, then switch on: a lamp switched on never flashes at the old level.
            dimmer.setLevel(target);
            relay.setLampOn(true);
        }
        level = target;
    }

    /** The level last set (100 % before any, if the relay was found on). */
    public double level() {
        return level;
    }

    public boolean on() {
        return relay.lampOn();
    }

    public Relay relay() {
        return relay;
    }

    public Dimmer dimmer() {
        return dimmer;
    }
}
