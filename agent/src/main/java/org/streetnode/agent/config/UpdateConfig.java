package org.streetnode.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code [update]}: remote software updates (LwM2M Firmware Update, object 5). Without a pinned
 * release key the node takes no update at all and does not serve object 5.
 *
 * @param releaseKey the city's release key (Ed25519 or ECDSA P-256, a PEM public key): the node
 *     installs only packages whose manifest this key signed
 * @param releaseKeyFile where the key was read from (the privileged install helper reads it too)
 * @param allowDowngrade whether a package older than the running version is taken
 * @param healthTimeout how long a newly installed version has to prove itself before it is rolled back
 * @param maxDownloadRate a pull is held to this many bytes per second, so Sends and the lamp are not disturbed
 * @param spoolDir where downloads, the verified package and the install request live (the only
 *     place the agent writes for an update)
 */
public record UpdateConfig(Optional<PublicKey> releaseKey, Optional<Path> releaseKeyFile, boolean allowDowngrade,
        Duration healthTimeout, long maxDownloadRate, Path spoolDir) {
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    static UpdateConfig read(ConfigTable t, NodeConfig node) {
        Optional<Path> keyFile = t.optionalPath("release_key");
        Optional<PublicKey> key = keyFile.flatMap(f -> releaseKey(t, f));
        boolean downgrade = t.bool("allow_downgrade", false);
        Duration health = t.duration("health_timeout", Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(2));
        long rate = t.byteSize("max_download_rate", 64 * 1024, 1024, 1L << 30);
        Path spool = t.path("spool_dir", node.dataDir().resolve("update"));
        return new UpdateConfig(key, keyFile, downgrade, health, rate, spool);
    }

    /**
     * The pinned key: a PEM public key that only its owner may change (it decides what the node
     * installs), Ed25519 or P-256.
     */
    private static Optional<PublicKey> releaseKey(ConfigTable t, Path file) {
        try {
            if (Files.exists(file) && Files.getPosixFilePermissions(file).stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
                t.problem("release_key", file + " is writable by group or others; the key decides what the node "
                        + "installs (chmod 644 " + file + ")");
                return Optional.empty();
            }
            PublicKey key = Pem.readPublicKey(file);
            if (!(key instanceof EdECPublicKey) && !(key instanceof ECPublicKey ec
                    && ec.getParams().getCurve().getField().getFieldSize() == 256)) {
                t.problem("release_key", file + ": a " + key.getAlgorithm() + " key other than Ed25519 or ECDSA P-256 "
                        + "cannot be a release key (streetnode update keygen makes one)");
                return Optional.empty();
            }
            return Optional.of(key);
        } catch (IOException | UnsupportedOperationException e) {
            t.problem("release_key", e.getMessage());
            return Optional.empty();
        }
    }
}
