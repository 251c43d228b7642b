/**
 * The lamp monitor: failure rules on the lamp supply's meter (lamp failure, day burner, cycling,
 * supply loss) raised as {@code LAMP} faults, and the lamp's lifetime counters (energy, burning
 * hours, switches, energy saved against full power), persisted at a bounded rate.
 */
package org.streetnode.agent.lighting.monitor;
