package org.streetnode.agent.provision;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the technician decided, checked.
 *
 * @param board the board profile's name (or path)
 * @param endpoint the LwM2M endpoint name
 * @param server the server the node registers with, or its bootstrap server
 * @param security how the node authenticates
 * @param serverPublicKey (RPK) the PEM file with the server's public key
 * @param latitude degrees, WGS 84
 * @param longitude degrees, WGS 84
 * @param newCredentials make new credentials even where the existing ones would do
 * @param releaseKey the city's release public key to pin for software updates (empty: keep what
 *     the config has, or none)
 */
public record NodeAnswers(String board, String endpoint, Server server, Security security, Optional<Path> serverPublicKey,
        double latitude, double longitude, boolean newCredentials, Optional<Path> releaseKey) {

    /** The LwM2M server, or a bootstrap server that hands the node its server. */
    public record Server(Kind kind, URI uri) {
        public enum Kind { SERVER, BOOTSTRAP }
    }

    public enum Security {
        PSK, RPK;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
