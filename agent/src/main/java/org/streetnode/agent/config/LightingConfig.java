package org.streetnode.agent.config;

/**
 * {@code [lighting]}: how the lamp is driven.
 *
 * @param onStop what the agent does with the lamp when it stops cleanly (SIGTERM, upgrade)
 */
public record LightingConfig(StopAction onStop) {
    /** The lamp's state after a clean stop. */
    public enum StopAction {
        /** Release the relay to the hardware's fail-safe state (the profile's {@code fail_safe}): the default. */
        FAIL_SAFE,
        /** Leave the lamp as it is. */
        KEEP,
        /** Switch the lamp off. */
        OFF
    }

    static LightingConfig read(ConfigTable t) {
        return new LightingConfig(t.choice("on_stop", StopAction.FAIL_SAFE));
    }
}
