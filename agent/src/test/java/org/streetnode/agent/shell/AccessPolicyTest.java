package org.streetnode.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Credentials to roles: the whole rule, case by case. */
class AccessPolicyTest {
    private static final int MAINT = 4601;
    private static final int OPS = 4602;
    private final AccessPolicy policy = new AccessPolicy("crew", OptionalInt.of(MAINT), "ops", OptionalInt.of(OPS));

    private static PeerCredentials peer(int uid, int gid, Integer... groups) {
        return new PeerCredentials(1234, uid, gid, Set.of(groups));
    }

    @Test
    void rootMayAct() {
        assertThat(policy.decide(peer(0, 0))).isEqualTo(new Access.Granted(Role.OPERATOR));
    }

    @Test
    void theOperatorGroupMayActAsSupplementaryOrPrimaryGroup() {
        assertThat(policy.decide(peer(1000, 1000, MAINT, OPS))).isEqualTo(new Access.Granted(Role.OPERATOR));
        assertThat(policy.decide(peer(1000, OPS))).isEqualTo(new Access.Granted(Role.OPERATOR));
    }

    @Test
    void theMaintenanceGroupMayOnlyRead() {
        assertThat(policy.decide(peer(1000, 1000, 27, MAINT))).isEqualTo(new Access.Granted(Role.MAINTENANCE));
        assertThat(policy.decide(peer(1000, MAINT))).isEqualTo(new Access.Granted(Role.MAINTENANCE));
        assertThat(Role.MAINTENANCE.allows(Command.STATUS.role())).isTrue();
        assertThat(Role.MAINTENANCE.allows(Command.LAMP_SET.role())).isFalse();
        assertThat(Role.MAINTENANCE.allows(Command.LAMP_CLEAR.role())).isFalse();
        assertThat(Role.MAINTENANCE.allows(Command.SELFTEST.role())).isFalse();
        assertThat(Role.OPERATOR.allows(Command.LAMP_SET.role())).isTrue();
        assertThat(Role.OPERATOR.allows(Command.TOP.role())).isTrue();
    }

    @Test
    void anyoneElseIsRefusedSayingWhichGroupsWouldDo() {
        Access a = policy.decide(peer(1000, 1000, 27, 100));
        assertThat(a).isInstanceOf(Access.Refused.class);
        assertThat(((Access.Refused) a).reason()).contains("uid 1000").contains("crew").contains("ops");
    }

    @Test
    void aGroupThatDoesNotExistGrantsNothing() {
        AccessPolicy none = new AccessPolicy("crew", OptionalInt.empty(), "ops", OptionalInt.empty());
        assertThat(none.decide(peer(1000, 1000, MAINT, OPS))).isInstanceOf(Access.Refused.class);
        assertThat(none.decide(peer(0, 0))).isEqualTo(new Access.Granted(Role.OPERATOR));
    }

    @Test
    void groupsResolveByNumberOrThroughTheSystemDatabase() {
        assertThat(UserDatabase.groupId("4601")).hasValue(4601);
        assertThat(UserDatabase.groupId("root")).hasValue(0);
        assertThat(UserDatabase.groupId("no-such-group-here")).isEmpty();
        assertThat(UserDatabase.userName(0)).contains("root");
        assertThat(UserDatabase.userName(45_999)).isEmpty();
    }
}
