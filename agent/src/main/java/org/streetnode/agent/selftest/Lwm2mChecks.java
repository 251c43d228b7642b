package org.streetnode.agent.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;

/**
 * The DTLS handshake and the registration, judged from how a registration went: registered
 * means both worked; a CoAP error code means the server answered over DTLS and refused;
 * anything else (an alert, a timeout, no answer) means no DTLS session came about.
 */
final class Lwm2mChecks {
    private Lwm2mChecks() {
    }

    static List<Check> of(URI server, String security, Optional<RegistrationStatus> outcome, Duration waited) {
        String target = server.getHost() + ":" + server.getPort();
        boolean dtls = "coaps".equals(server.getScheme());
        String handshakeItem = "DTLS handshake " + target;
        String registrationItem = "registration";
        if (outcome.isEmpty()) {
            String why = "no answer from " + target + " within " + waited.toSeconds() + " s (server down, port blocked, "
                    + "or a key the server does not know)";
            return dtls ? List.of(Check.fail("lwm2m", handshakeItem, why),
                    Check.skip("lwm2m", registrationItem, "no session to register over"))
                    : List.of(Check.skip("lwm2m", handshakeItem, "coap:// (lab): no DTLS"), Check.fail("lwm2m", registrationItem, why));
        }
        RegistrationStatus status = outcome.get();
        Check handshake = dtls ? Check.pass("lwm2m", handshakeItem, security + ": session established")
                : Check.skip("lwm2m", handshakeItem, "coap:// (lab): no DTLS");
        if (status.registered()) {
            return List.of(handshake, Check.pass("lwm2m", registrationItem, "registered as "
                    + status.registrationId().orElse("?") + " in " + waited.toMillis() + " ms"));
        }
        String error = status.lastError().orElse("not registered (" + status.state().name().toLowerCase() + ")");
        if (error.matches(".*refused: [A-Z_]+.*")) {
            return List.of(handshake, Check.fail("lwm2m", registrationItem, error));
        }
        return List.of(dtls ? Check.fail("lwm2m", handshakeItem, error) : handshake,
                Check.skip("lwm2m", registrationItem, "no session to register over"));
    }

    /** The running agent's own registration, from its shell's {@code lwm2m} answer. */
    static List<Check> ofRunningAgent(JsonNode lwm2m) {
        JsonNode reg = lwm2m.path("registration");
        String server = reg.path("server").asText("?");
        String state = reg.path("state").asText("?");
        if ("REGISTERED".equals(state)) {
            return List.of(Check.pass("lwm2m", "registration (running agent)", "registered with " + server + " as "
                    + reg.path("registrationId").asText("?") + ", last contact " + reg.path("lastContact").asText("?")));
        }
        return List.of(Check.fail("lwm2m", "registration (running agent)", state.toLowerCase() + " with " + server
                + reg.path("lastError").asText("").transform(e -> e.isEmpty() ? "" : ": " + e)));
    }
}
