package org.streetnode.agent.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Which nodes a fleet process runs and how they are set up.
 *
 * @param directory the fleet's directory: each node's files in {@code nodes/ENDPOINT}
 * @param names how nodes are named
 * @param firstIndex the index of this process's first node (several processes make one fleet)
 * @param nodes how many nodes this process runs
 * @param keys the credentials file {@code streetnode fleet keys} wrote
 * @param server the LwM2M server (or, with {@code bootstrap}, the bootstrap server)
 * @param bootstrap whether {@code server} is a bootstrap server
 * @param seed the first board seed (node i's board has seed + i: its own weather and passers-by)
 * @param latitude the city's centre
 * @param longitude the city's centre
 * @param radiusKm how far from the centre the poles stand
 * @param overrides {@code table.key=value} settings laid over the nodes' configuration
 * @param startRate nodes started per second
 */
public record FleetPlan(Path directory, NodeNames names, int firstIndex, int nodes, Path keys, URI server,
        boolean bootstrap, long seed, double latitude, double longitude, double radiusKm, List<String> overrides,
        double startRate) {
    public FleetPlan {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (firstIndex < 0) {
            throw new IllegalArgumentException("--first-index must not be negative");
        }
        if (!"coaps".equals(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("the server must be coaps://HOST[:PORT] (DTLS with the nodes' PSKs): " + server);
        }
        if (!(startRate > 0)) {
            throw new IllegalArgumentException("--start-rate must be above 0");
        }
        overrides = List.copyOf(overrides);
    }

    /** A node's directory. */
    Path nodeDirectory(String endpoint) {
        return directory.resolve("nodes").resolve(endpoint);
    }
}
