package org.streetnode.agent.update;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.HexFormat;
import java.util.Optional;
import org.streetnode.agent.files.AtomicFile;

/** Makes packages: an unsigned one around a {@code .deb} (the build), and a signed one from it (the release). */
public final class PackageBuilder {
    private PackageBuilder() {
    }

    /** Writes an unsigned package of {@code deb} to {@code out}, replacing it whole or not at all. */
    public static Manifest bundle(Path deb, DebianVersion version, DebianVersion upgradesFrom, Path out) throws IOException {
        Manifest manifest = Manifest.of(version, upgradesFrom, deb.getFileName().toString(), Files.size(deb), sha256(deb));
        replace(out, os -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(deb))) {
                PackageArchive.write(os, manifest.toBytes(), Optional.empty(), in, manifest.debSize());
            }
        });
        return manifest;
    }

    /**
     * Signs a package in place with the release key (a signature it had is replaced), once its
     * {@code .deb} has been checked against its manifest: a key never signs a damaged package.
     *
     * @throws PackageRefusedException when the package is not one, or its {@code .deb} does not match its manifest
     */
    public static Manifest sign(Path pkg, PrivateKey key) throws IOException, PackageRefusedException, GeneralSecurityException {
        PackageArchive.Head head;
        Manifest manifest;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pkg))) {
            head = PackageArchive.readHead(in);
            try {
                manifest = Manifest.parse(head.manifest());
            } catch (IllegalArgumentException e) {
                throw new PackageRefusedException(UpdateResult.UNSUPPORTED_PACKAGE, "manifest not understood: " + e.getMessage());
            }
            MessageDigest sha256 = PackageVerifier.sha256();
            PackageArchive.readDeb(in, head.debSize(), sha256, Optional.empty());
            if (head.debSize() != manifest.debSize() || !HexFormat.of().formatHex(sha256.digest()).equals(manifest.debSha256())) {
                throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE,
                        PackageArchive.DEB + " does not match the manifest's size and SHA-256");
            }
        } catch (EOFException e) {
            throw new PackageRefusedException(UpdateResult.INTEGRITY_FAILURE, "the package is truncated: " + e.getMessage());
        }
        byte[] signature = SignatureScheme.sign(key, head.manifest());
        replace(pkg, os -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(pkg))) {
                PackageArchive.Head again = PackageArchive.readHead(in);
                PackageArchive.write(os, again.manifest(), Optional.of(signature), in, again.debSize());
            } catch (PackageRefusedException e) {
                throw new IOException(pkg + " changed while it was signed: " + e.getMessage());
            }
        });
        return manifest;
    }

    /** A file's SHA-256, read once front to back. */
    static byte[] sha256(Path file) throws IOException {
        MessageDigest digest = PackageVerifier.sha256();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} atomically: no half-written package is ever left. */
    private static void replace(Path target, Writing writing) throws IOException {
        // a package is no secret: readable like the .deb it carries
        AtomicFile.write(target, PosixFilePermissions.fromString("rw-r--r--"), writing::to);
    }
}
