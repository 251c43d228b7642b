package org.streetnode.drivers.lamp;

/** Which relay contact the lamp is wired through. */
public enum Contact {
    /** Lamp lit while the coil is energised: if the agent dies, the lamp goes dark. */
    NORMALLY_OPEN,
    /** Lamp lit while the coil is released: if the agent dies, the lamp stays lit (fail-safe). */
    NORMALLY_CLOSED
}
