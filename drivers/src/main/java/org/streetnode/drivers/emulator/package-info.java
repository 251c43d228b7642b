/**
 * Register- and frame-level emulators of every supported device, and {@link
 * org.streetnode.drivers.emulator.EmulatedBoardIo}, an in-memory board that routes ports to them.
 *
 * <p>An emulator holds what the real chip holds (registers, calibration, a data stream) and
 * answers the same byte traffic, taking its physical inputs from targets set by a test or by the
 * simulated world. Each accepts the {@link org.streetnode.drivers.emulator.Fault}s the real part
 * can show. Emulators are not thread-safe on their own: the board serialises all access.
 */
package org.streetnode.drivers.emulator;
