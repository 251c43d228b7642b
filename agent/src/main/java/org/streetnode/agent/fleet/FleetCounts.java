package org.streetnode.agent.fleet;

import java.util.Map;

/**
 * The fleet at one moment.
 *
 * @param nodes nodes this process runs
 * @param running nodes whose agent runs
 * @param registered nodes registered with the server
 * @param sending nodes whose buffer goes out (delivery live or replaying its backlog)
 * @param drained nodes registered with no backlog left (delivery live)
 * @param backlog readings buffered on the nodes and not yet acknowledged
 * @param delivered readings the server acknowledged since each agent started
 * @param failedSends Sends that failed since each agent started
 * @param delivery nodes by delivery state (live, replaying, waiting-to-replay, backing-off, offline)
 */
public record FleetCounts(int nodes, int running, int registered, int sending, int drained, long backlog, long delivered,
        long failedSends, Map<String, Integer> delivery) {
    public FleetCounts {
        delivery = Map.copyOf(delivery);
    }
}
