package org.streetnode.agent.time;

import java.time.Clock;
import java.util.Objects;

/**
 * The two clocks an agent runs on. On a node both are the system clock; the demo runs the
 * node's clock fast ({@link ScaledClock}) to show a night in minutes, while the uplink keeps
 * real time so its timeouts and rates stay those of a real network.
 *
 * @param node what time it is at the node: the simulated world, reading timestamps, the
 *     sampling periods, the lighting program, its ramps and presence hold, the lamp monitor,
 *     the buffer's commit times and reading ages, faults, the LwM2M objects and the shell
 * @param network paces delivery to the platform: Send timeouts, retry backoff, the replay rate
 *     (CoAP and DTLS timers, and the buffer's commit window, run on real time by themselves)
 */
public record AgentClocks(Clock node, Clock network) {
    public AgentClocks {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(network, "network");
    }

    /** One clock for everything: a node, and tests that step a manual clock. */
    public static AgentClocks of(Clock clock) {
        return new AgentClocks(clock, clock);
    }
}
