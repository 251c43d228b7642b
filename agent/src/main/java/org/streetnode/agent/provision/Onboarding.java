package org.streetnode.agent.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Optional;
import org.streetnode.agent.shell.ShellProtocol;

/**
 * What the platform needs to let the node in: its endpoint and how it authenticates. A new PSK
 * is in it once, when it was just made; a kept one is not shown again.
 *
 * @param pskKeyHex the key, only when it was made by this run
 * @param publicKey (RPK) the node's public key, SubjectPublicKeyInfo in base64 (not secret)
 */
public record Onboarding(String endpoint, NodeAnswers.Server server, NodeAnswers.Security security,
        Optional<String> pskIdentity, Optional<String> pskKeyHex, Optional<String> publicKey) {

    /** For people: one fact a line. */
    public String text() {
        StringBuilder s = new StringBuilder();
        line(s, "endpoint", endpoint);
        line(s, server.kind() == NodeAnswers.Server.Kind.BOOTSTRAP ? "bootstrap server" : "server", server.uri().toString());
        line(s, "security", security.word());
        pskIdentity.ifPresent(i -> line(s, "PSK identity", i));
        if (security == NodeAnswers.Security.PSK) {
            line(s, "PSK key (hex)", pskKeyHex.orElse("unchanged (shown when it was made; not shown again)"));
        }
        publicKey.ifPresent(k -> line(s, "public key", k));
        return s.toString();
    }

    /** For the QR code: one line of JSON a platform's onboarding form or a phone can take. */
    public String json() {
        ObjectNode o = ShellProtocol.json().createObjectNode().put("endpoint", endpoint).put("security", security.word());
        URI uri = server.uri();
        o.put(server.kind() == NodeAnswers.Server.Kind.BOOTSTRAP ? "bootstrap" : "server", uri.toString());
        pskIdentity.ifPresent(i -> o.put("identity", i));
        pskKeyHex.ifPresent(k -> o.put("key", k));
        publicKey.ifPresent(k -> o.put("publicKey", k));
        return o.toString();
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format("  %-18s %s%n", label + ":", value));
    }
}
