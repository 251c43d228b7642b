/**
 * Ports: the narrow, Pi4J-free view of the hardware that every device driver is written against.
 *
 * <p>One pattern per IO type: {@link org.streetnode.drivers.port.I2cDevice},
 * {@link org.streetnode.drivers.port.DigitalInput}, {@link org.streetnode.drivers.port.DigitalOutput},
 * {@link org.streetnode.drivers.port.PwmOutput}, {@link org.streetnode.drivers.port.SerialPort},
 * all handed out by a {@link org.streetnode.drivers.port.BoardIo}. Two boards implement it: the
 * Pi4J one for real hardware and the emulated one for tests and the simulated world.
 */
package org.streetnode.drivers.port;
