/**
 * How the agent talks to its supervisor, systemd: {@code READY=1} once every part has started,
 * {@code STOPPING=1} when it stops, and {@code WATCHDOG=1} pings only while its loops make
 * progress ({@link org.streetnode.agent.supervision.WatchdogFeeder}), over the
 * {@code sd_notify} datagram protocol ({@link org.streetnode.agent.supervision.NotifySocket}).
 */
package org.streetnode.agent.supervision;
