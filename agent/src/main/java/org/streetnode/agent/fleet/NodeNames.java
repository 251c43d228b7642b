package org.streetnode.agent.fleet;

import java.util.regex.Pattern;

/**
 * How the fleet names its nodes: a prefix and the node's index, five digits at least
 * ({@code streetnode-fleet-00042}). Indexes, not a counter per process, so that several
 * processes on several machines ({@code --first-index}) make one fleet without asking each other.
 */
public record NodeNames(String prefix) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    public static final NodeNames DEFAULT = new NodeNames("streetnode-fleet-");

    public NodeNames {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a node name prefix is 1-40 letters, digits, '.', '_' or '-': " + prefix);
        }
    }

    public String endpoint(int index) {
        return prefix + String.format("%05d", index);
    }
}
