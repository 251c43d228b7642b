/**
 * The maintenance shell, client side: {@code streetnode shell}, one-shot ({@code streetnode shell
 * status --json}) or interactive (JLine, completion from the picocli command tree, history,
 * help), and {@code top}, the live view. It speaks {@link org.streetnode.agent.shell.ShellProtocol}
 * to the agent's socket through {@link org.streetnode.agent.shell.client.AgentConnection}, which
 * gives up within its timeout (1.5 s by default) when the agent is not running or hung.
 */
package org.streetnode.agent.shell.client;
