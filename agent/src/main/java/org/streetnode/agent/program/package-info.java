/**
 * Lighting programs as data: a night's steps ({@link org.streetnode.agent.program.Program}),
 * their text form ({@link org.streetnode.agent.program.ProgramFormat}), dusk and dawn for
 * the node's place ({@link org.streetnode.agent.program.SolarClock}, by commons-suncalc) and
 * what a program says for any moment ({@link org.streetnode.agent.program.ProgramSchedule}).
 * Pure and clock-free: everything takes the instant or date it is asked about. A value package
 * like {@code reading}: the configuration ({@code [lighting] program}), lighting, the LwM2M
 * objects and the shell use it; it imports nothing of the agent but {@code units}.
 */
package org.streetnode.agent.program;
