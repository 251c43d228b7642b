package org.streetnode.agent.lighting;

/** What the photocell says. */
public enum Daylight {
    DARK,
    LIGHT,
    /** No recent reading from the light sensor (none yet, or it fails). */
    UNKNOWN
}
