package org.streetnode.agent.update;

/** Where an update stands: LwM2M Firmware Update's State (/5/0/3), numbered 0 to 3 in this order ({@link #code()}). */
public enum UpdatePhase {
    /** No package on the way or waiting (0). */
    IDLE,
    /** A package is being pushed or pulled (1). */
    DOWNLOADING,
    /** A verified package waits in the spool for Update (2). */
    DOWNLOADED,
    /** The package was handed to the install helper; the outcome is not known yet (3). */
    UPDATING;

    /** LwM2M's number for it (the enum's order). */
    public int code() {
        return ordinal();
    }
}
