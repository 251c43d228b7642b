package org.streetnode.agent.shell;

/**
 * The areas of the agent that show themselves in the shell through a {@link DiagnosticsSource}
 * the composition root registers. An area without a source answers "not available in this build".
 */
public enum Topic {
    /** Each sensor: latest value, age, health, last error (sampling). */
    SENSORS("sensors"),
    /** The local buffer: depth, oldest reading, bytes, drops, drain rate (store). */
    BUFFER("buffer"),
    /** Addresses and link quality, from the OS. */
    NET("net"),
    /** Registration details and the objects served (LwM2M). */
    LWM2M("lwm2m"),
    /** The lamp's supply: power, burning hours, failures (lighting's lamp monitor). */
    LAMP_MONITOR("lamp monitor"),
    /** Software update: state, download progress and rate, last result, previous version (update). */
    UPDATE("update");

    private final String word;

    Topic(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
