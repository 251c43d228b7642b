package org.streetnode.drivers.port;

/** The pin's bias resistor. */
public enum Pull {
    OFF,
    UP,
    DOWN
}
