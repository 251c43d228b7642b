package org.streetnode.agent.lwm2m;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.streetnode.agent.config.Secret;
import org.streetnode.agent.config.ServerSecurity;

/**
 * The node's DTLS credentials towards its LwM2M server as the Security object holds them now
 * (from the configuration or a bootstrap server), for other DTLS clients of the node: the
 * coaps:// pulls of software updates.
 */
final class ServerCredentials {
    private ServerCredentials() {
    }

    /**
     * @param configuredTrust the certificates {@code [lwm2m.x509] trust_file} names, for an X.509
     *     account whose Security object holds no server certificate
     */
    static Optional<ServerSecurity> of(ServerInfo info, List<X509Certificate> configuredTrust) {
        return switch (info.secureMode) {
            case PSK -> Optional.of(new ServerSecurity.Psk(info.pskId, new Secret(info.pskKey), Path.of("")));
            case RPK -> Optional.of(new ServerSecurity.Rpk(info.privateKey, info.publicKey, info.serverPublicKey));
            case X509 -> info.clientCertificate instanceof X509Certificate own ? Optional.of(new ServerSecurity.X509(
                    List.of(own), info.privateKey, info.serverCertificate instanceof X509Certificate server
                            ? List.of(server) : configuredTrust)) : Optional.empty();
            default -> Optional.empty();
        };
    }
}
