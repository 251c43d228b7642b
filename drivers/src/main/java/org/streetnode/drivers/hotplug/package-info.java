/**
 * Devices that come and go: a USB serial adapter unplugged and plugged back in, a GPIO line or an
 * I2C bus that is not there when the agent starts, a PWM chip that disappears.
 *
 * <p>{@link org.streetnode.drivers.hotplug.HotplugBoardIo} wraps a board's ports so that a port
 * is opened on its first use rather than at start, and a port that dies under its user is let go
 * and opened afresh: a missing device fails the operations of its own port with an
 * {@linkplain org.streetnode.drivers.port.PortException#unavailable() unavailable}
 * {@link org.streetnode.drivers.port.PortException}, and nothing else. The drivers on these ports
 * do not change; whoever calls them decides how often to try again (the sampler and lighting
 * back off), since every use of a missing device's port is an attempt to open it.
 */
package org.streetnode.drivers.hotplug;
