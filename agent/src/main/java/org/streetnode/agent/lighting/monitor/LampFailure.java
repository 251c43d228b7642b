package org.streetnode.agent.lighting.monitor;

/**
 * The lamp troubles the monitor recognises from the lamp supply's meter, each raised as a
 * {@code LAMP} fault of its own source and shown in LwM2M 3416.
 */
public enum LampFailure {
    /** Commanded on, the supply is there, but (almost) no current flows: the lamp or its driver is dead (3416/5). */
    LAMP_FAILURE("lamp:failure", "lamp failure", 1),
    /** Commanded off, but current flows: the relay is stuck closed, the lamp burns by day (3416/9 and /10). */
    DAY_BURNER("lamp:day-burner", "day burner (relay stuck)", 2),
    /** Commanded on, the lamp keeps going dark by itself (3416/11). */
    CYCLING("lamp:cycling", "cycling", 3),
    /** Commanded on, but the lamp supply's voltage is gone. */
    SUPPLY_LOSS("lamp:supply", "supply loss", 4);

    private final String source;
    private final String label;
    private final int code;

    LampFailure(String source, String label, int code) {
        this.source = source;
        this.label = label;
        this.code = code;
    }

    /** The {@link org.streetnode.agent.health.Health} source it is raised under. */
    public String source() {
        return source;
    }

    public String label() {
        return label;
    }

    /** A number for 3416/6 "lamp failure reason": 1 failure, 2 day burner, 3 cycling, 4 supply loss. */
    public int code() {
        return code;
    }
}
