package org.streetnode.agent.shell;

import java.util.Set;

/**
 * Who is at the other end of a shell connection, as the kernel recorded it when the peer
 * connected: it cannot be claimed by the client.
 *
 * @param pid the peer's process id (in the agent's pid namespace)
 * @param uid the peer's effective user id
 * @param gid the peer's effective group id
 * @param groups the peer's supplementary groups
 */
public record PeerCredentials(long pid, int uid, int gid, Set<Integer> groups) {
    public PeerCredentials {
        groups = Set.copyOf(groups);
    }

    public boolean root() {
        return uid == 0;
    }

    /** Whether the peer has {@code gid} as its group or one of its supplementary groups. */
    public boolean inGroup(int groupId) {
        return gid == groupId || groups.contains(groupId);
    }
}
