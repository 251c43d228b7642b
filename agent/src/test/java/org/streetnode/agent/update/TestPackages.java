package org.streetnode.agent.update;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

/**
 * Update packages made for tests with the production builder: a stand-in {@code .deb} of
 * pseudo-random bytes (the agent module builds before the real one exists), bundled and signed.
 */
public final class TestPackages {
    private TestPackages() {
    }

    /** A release key pair of the default scheme. */
    public static KeyPair releaseKey() throws GeneralSecurityException {
        return SignatureScheme.ED25519.generate();
    }

    /** {@code size} reproducible bytes named like a .deb. */
    public static Path fakeDeb(Path dir, String version, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path deb = dir.resolve("streetnode_" + version + "_all.deb");
        Files.createDirectories(dir);
        Files.write(deb, bytes);
        return deb;
    }

    /** A package of a fake .deb of {@code debSize} bytes, signed by {@code key}. */
    public static Path signed(Path dir, KeyPair key, String version, String upgradesFrom, int debSize) throws Exception {
        Path deb = fakeDeb(dir.resolve("deb-" + version), version, debSize);
        Path pkg = dir.resolve("streetnode_" + version + ".snpkg");
        PackageBuilder.bundle(deb, DebianVersion.parse(version), DebianVersion.parse(upgradesFrom), pkg);
        PackageBuilder.sign(pkg, key.getPrivate());
        return pkg;
    }

    /** A package with a manifest written as given (any product, any sizes), signed by {@code key} when present. */
    public static byte[] custom(Manifest manifest, Optional<KeyPair> key, byte[] deb) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Optional<byte[]> sig = key.isPresent()
                ? Optional.of(SignatureScheme.sign(key.get().getPrivate(), manifest.toBytes())) : Optional.empty();
        PackageArchive.write(out, manifest.toBytes(), sig, new ByteArrayInputStream(deb), deb.length);
        return out.toByteArray();
    }

    /** A manifest that describes {@code deb} truthfully. */
    public static Manifest describing(String product, String version, String upgradesFrom, byte[] deb) {
        return new Manifest(product, DebianVersion.parse(version), DebianVersion.parse(upgradesFrom),
                "streetnode_" + version + "_all.deb", deb.length,
                HexFormat.of().formatHex(PackageVerifier.sha256().digest(deb)));
    }
}
