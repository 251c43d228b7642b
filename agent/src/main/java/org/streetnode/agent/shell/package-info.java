/**
 * The maintenance shell, agent side: an admin channel on a Unix domain socket for crews on the
 * pole (through OpenSSH or the serial console; there is no network listener).
 *
 * <ul>
 *   <li>{@link org.streetnode.agent.shell.ShellService} opens the socket ({@code [shell] socket}, mode
 *       0660, group {@code [shell] maintenance_group}) and serves each connection on a virtual thread,
 *       at most {@code max_clients} at once.</li>
 *   <li>The kernel says who is calling: {@link org.streetnode.agent.shell.PeerCredentials} come from
 *       {@code getsockopt(SO_PEERCRED)} and {@code SO_PEERGROUPS} on the accepted socket, and
 *       {@link org.streetnode.agent.shell.AccessPolicy} maps them to a {@link org.streetnode.agent.shell.Role}:
 *       read-only diagnostics for the maintenance group, actuation for the operator group and root,
 *       nothing for anyone else.</li>
 *   <li>{@link org.streetnode.agent.shell.ShellProtocol}: one JSON request line, one JSON response line
 *       (a stream of them for {@code top}), versioned, bounded in size and time.</li>
 *   <li>Each area of the agent shows itself through a {@link org.streetnode.agent.shell.DiagnosticsSource}
 *       the composition root registers for a {@link org.streetnode.agent.shell.Topic}; an area that is
 *       not registered answers "not available in this build".</li>
 * </ul>
 *
 * The client side is {@link org.streetnode.agent.shell.client}.
 */
package org.streetnode.agent.shell;
