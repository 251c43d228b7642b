package org.streetnode.agent.shell;

import java.util.OptionalInt;

/**
 * Maps a caller's kernel credentials to a {@link Role}: root and members of the operator group
 * may act, members of the maintenance group may read, everyone else is refused. A configured
 * group that does not exist on the system grants nothing.
 *
 * @param maintenanceGroup the group as configured (name or gid), for messages
 * @param maintenanceGid its gid, when it exists
 * @param operatorGroup the operator group as configured
 * @param operatorGid its gid, when it exists
 */
public record AccessPolicy(String maintenanceGroup, OptionalInt maintenanceGid, String operatorGroup,
        OptionalInt operatorGid) {

    /** Looks the configured groups up in the system's group database. */
    public static AccessPolicy resolve(String maintenanceGroup, String operatorGroup) {
        return new AccessPolicy(maintenanceGroup, UserDatabase.groupId(maintenanceGroup), operatorGroup,
                UserDatabase.groupId(operatorGroup));
    }

    public Access decide(PeerCredentials peer) {
        if (peer.root() || in(peer, operatorGid)) {
            return new Access.Granted(Role.OPERATOR);
        }
        if (in(peer, maintenanceGid)) {
            return new Access.Granted(Role.MAINTENANCE);
        }
        return new Access.Refused("uid " + peer.uid() + " is not root and in neither group " + maintenanceGroup
                + " (read) nor " + operatorGroup + " (act)");
    }

    private static boolean in(PeerCredentials peer, OptionalInt gid) {
        return gid.isPresent() && peer.inGroup(gid.getAsInt());
    }
}
