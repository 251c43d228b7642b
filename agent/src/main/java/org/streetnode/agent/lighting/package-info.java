/**
 * Street lighting: the lamp follows a local program with no platform at all, dims adaptively
 * and reports on itself.
 *
 * <ul>
 *   <li>{@link org.streetnode.agent.lighting.LightingService}: the service (own thread, injected
 *       clock), and {@link org.streetnode.agent.lighting.LightingControl}, what the LwM2M objects
 *       and the shell see of it;</li>
 *   <li>{@link org.streetnode.agent.lighting.DecisionFunction}: the one decision, maintenance
 *       override &gt; platform override &gt; presence boost &gt; program or photocell, with its
 *       {@link org.streetnode.agent.lighting.Reason};</li>
 *   <li>{@link org.streetnode.agent.lighting.LightingEngine}: a step of decide, ramp, drive;</li>
 *   <li>the lamp monitor (failures, energy, hours, switches) in {@code monitor}; programs and
 *       the astronomical clock are values of their own, in {@link org.streetnode.agent.program}
 *       (the configuration holds one too).</li>
 * </ul>
 *
 * What lighting keeps across restarts (a stored program, photocell thresholds, overrides; and
 * the counters) lives in the data directory, each file replaced atomically.
 */
package org.streetnode.agent.lighting;
