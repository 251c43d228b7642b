package org.streetnode.drivers.lamp;

import java.util.Objects;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.PortException;

/**
 * The lamp's mains relay on a GPIO output.
 *
 * <h2>Wiring and fail-safe</h2>
 * Relay module IN to a GPIO (e.g. GPIO27, pin 13), VCC/GND as the module wants. {@code activeHigh}
 * says which pin level energises the coil (most opto-isolated modules are active-low).
 * When the agent dies or the Pi reboots, the GPIO is released to an input and the module's own
 * pull resistor de-energises the coil: the relay falls to its released position. That is the
 * hardware's fail-safe state, fixed by the wiring, not by software: through the
 * {@link Contact#NORMALLY_CLOSED} contact the lamp then stays lit, which is what a street light
 * must do at night. {@link #failSafeLampOn()} reports it; {@link #release()} drives the coil to
 * that same state on purpose.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [lamp]
 * relay_pin = 27
 * relay_active = "low"
 * fail_safe = "on"      # the lamp hangs off the normally-closed contact
 * }</pre>
 */
public final class Relay {

    private final DigitalOutput output;
    private final boolean activeHigh;
    private final Contact contact;

    public Relay(DigitalOutput output, boolean activeHigh, Contact contact) {
        this.output = Objects.requireNonNull(output, "output");
        this.activeHigh = activeHigh;
        this.contact = Objects.requireNonNull(contact, "contact");
    }

    /** The pin level that leaves the coil released, the level to request the output with. */
    public static boolean releasedLevel(boolean activeHigh) {
        return !activeHigh;
    }

    public void setLampOn(boolean on) throws PortException {
        boolean energised = on == (contact == Contact.NORMALLY_OPEN);
        output.setHigh(energised == activeHigh);
    }

    public boolean lampOn() {
        boolean energised = output.isHigh() == activeHigh;
        return energised == (contact == Contact.NORMALLY_OPEN);
    }

    /** De-energises the coil: the lamp takes the state it would take if the agent died. */
    public void release() throws PortException {
        output.setHigh(releasedLevel(activeHigh));
    }

    /** Whether the lamp is lit when the coil is released (agent dead, Pi rebooting). */
    public boolean failSafeLampOn() {
        return contact == Contact.NORMALLY_CLOSED;
    }

    public boolean activeHigh() {
        return activeHigh;
    }

    public Contact contact() {
        return contact;
    }
}
