package org.streetnode.agent.update;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decides whether this node may install a package, reading it once from front to back. In order:
 * it must be a streetnode package (else 6), signed (5), by the pinned release key (5); its
 * manifest must be for this product (6), not older than the running version unless downgrades
 * are allowed (6), and for a running version at least its {@code upgrades_from} (6); the
 * {@code .deb} must have the manifest's size and SHA-256, and nothing may follow it (5).
 */
public final class PackageVerifier {
    private final PublicKey releaseKey;
    private final DebianVersion running;
    private final boolean allowDowngrade;

    public PackageVerifier(PublicKey releaseKey, DebianVersion running, boolean allowDowngrade) {
        SignatureScheme.of(releaseKey);
        this.releaseKey = releaseKey;
        this.running = running;
        this.allowDowngrade = allowDowngrade;
    }

    /** The checks that need only the package's head: signature, product and versions. */
    public Manifest checkHead(PackageArchive.Head head) throws PackageRefusedException {
        if (head.signature().isEmpty()) {
            throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE, "the package is not signed");
        }
        if (!SignatureScheme.verify(releaseKey, head.manifest(), head.signature().get())) {
            throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE,
                    "the manifest's signature does not verify with the pinned release key (another key signed it, or it was altered)");
        }
        Manifest m;
        try {
            m = Manifest.parse(head.manifest());
        } catch (IllegalArgumentException e) {
            throw new PackageRefusedException(UpdateResult.UNSUPPORTED_PACKAGE, "manifest not understood: " + e.getMessage());
        }
        if (!m.product().equals(Manifest.PRODUCT)) {
            throw new PackageRefusedException(UpdateResult.UNSUPPORTED_PACKAGE,
                    "the package is for product \"" + m.product() + "\", not " + Manifest.PRODUCT);
        }
        if (m.version().isOlderThan(running) && !allowDowngrade) {
            throw new PackageRefusedException(UpdateResult.UNSUPPORTED_PACKAGE, "version " + m.version()
                    + " is older than the running " + running + " ([update] allow_downgrade is false)");
        }
        if (running.isOlderThan(m.upgradesFrom())) {
            throw new PackageRefusedException(UpdateResult.UNSUPPORTED_PACKAGE, "version " + m.version()
                    + " upgrades from " + m.upgradesFrom() + " or later; this node runs " + running);
        }
        if (head.debSize() != m.debSize()) {
            throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE, PackageArchive.DEB + " has "
                    + head.debSize() + " bytes; the manifest says " + m.debSize());
        }
        return m;
    }

    /**
     * Verifies a whole package, copying its {@code .deb} to {@code debCopy} on the way when given
     * (what the copy holds counts only if this returns).
     */
    public Manifest verify(InputStream in, Optional<OutputStream> debCopy) throws IOException, PackageRefusedException {
        try {
            PackageArchive.Head head = PackageArchive.readHead(in);
            Manifest m = checkHead(head);
            MessageDigest sha256 = sha256();
            PackageArchive.readDeb(in, head.debSize(), sha256, debCopy);
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(m.debSha256())) {
                throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE,
                        PackageArchive.DEB + "'s SHA-256 is " + actual + "; the manifest says " + m.debSha256());
            }
            return m;
        } catch (EOFException e) {
            throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE, "the package is truncated: " + e.getMessage());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
