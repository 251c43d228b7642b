package org.streetnode.agent.lwm2m.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * The node's standing with its LwM2M server, as the shell and the demo show it.
 *
 * @param server the server's URI
 * @param state where registration stands
 * @param registrationId the server's id for this registration, while registered
 * @param lastContact the last successful exchange (register, update) with the server
 * @param nextAttempt when the next register or update is due, if scheduled
 * @param lastError the last failure, for people
 */
public record RegistrationStatus(String server, State state, Optional<String> registrationId,
        Optional<Instant> lastContact, Optional<Instant> nextAttempt, Optional<String> lastError) {

    public enum State { STOPPED, BOOTSTRAPPING, REGISTERING, REGISTERED, RETRYING }

    public static RegistrationStatus stopped(String server) {
        return new RegistrationStatus(server, State.STOPPED, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public boolean registered() {
        return state == State.REGISTERED;
    }
}
