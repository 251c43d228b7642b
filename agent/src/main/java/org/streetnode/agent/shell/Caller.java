package org.streetnode.agent.shell;

import java.util.Optional;

/** A shell client the agent let in: its credentials, its role and its login name if it has one. */
record Caller(PeerCredentials peer, Role role, Optional<String> user) {
    /** For log lines and the record of who set an override: "uid 1000 (alice)". */
    String who() {
        return "uid " + peer.uid() + user.map(u -> " (" + u + ")").orElse("");
    }
}
