package org.streetnode.agent.sampling;

/** How a sensor is doing, as the shell and the LwM2M objects show it. */
public enum SensorHealth {
    /** Not read yet since the agent started. */
    STARTING,
    /** The last read was good. */
    OK,
    /** The last read failed, but fewer than {@link SamplingSchedule#FAILED_AFTER} in a row: retrying. */
    DEGRADED,
    /**
     * Failing again and again, hung, or its device unavailable (missing, unplugged): retried with
     * backoff, raised as a fault (Device error code 8).
     */
    FAILED
}
