/**
 * Lighting programs as data: a night's steps ({@link org.streetnode.agent.lighting.program.Program}),
 * their text form ({@link org.streetnode.agent.lighting.program.ProgramFormat}), dusk and dawn for
 * the node's place ({@link org.streetnode.agent.lighting.program.SolarClock}, by commons-suncalc) and
 * what a program says for any moment ({@link org.streetnode.agent.lighting.program.ProgramSchedule}).
 * Pure and clock-free: everything takes the instant or date it is asked about.
 */
package org.streetnode.agent.lighting.program;
