package org.streetnode.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reason a package is refused, with the result it is reported as; and what is accepted. */
class PackageVerifierTest {
    private static final DebianVersion RUNNING = DebianVersion.parse("0.2.0");
    private static KeyPair key;
    private static KeyPair otherKey;
    private static byte[] deb;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        key = TestPackages.releaseKey();
        otherKey = TestPackages.releaseKey();
        deb = new byte[100_000];
        new Random(1).nextBytes(deb);
    }

    private static Manifest verify(byte[] pkg) throws Exception {
        return verify(pkg, false);
    }

    private static Manifest verify(byte[] pkg, boolean allowDowngrade) throws Exception {
        return new PackageVerifier(key.getPublic(), RUNNING, allowDowngrade).verify(new ByteArrayInputStream(pkg), Optional.empty());
    }

    private static void refused(ThrowingCallable call, UpdateResult result, String reason) {
        assertThatThrownBy(call).isInstanceOf(PackageRefusedException.class).hasMessageContaining(reason)
                .satisfies(e -> assertThat(((PackageRefusedException) e).result()).isEqualTo(result));
    }

    private static byte[] good() throws Exception {
        return TestPackages.custom(TestPackages.describing("streetnode", "0.3.0", "0.1.0", deb), Optional.of(key), deb);
    }

    @Test
    void aPackageSignedByThePinnedKeyForANewerVersionIsAcceptedAndItsDebCopiedWhole() throws Exception {
        Path pkg = TestPackages.signed(dir, key, "0.3.0", "0.1.0", 300_000);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        Manifest m = new PackageVerifier(key.getPublic(), RUNNING, false).verify(Files.newInputStream(pkg), Optional.of(copy));
        assertThat(m.version()).isEqualTo(DebianVersion.parse("0.3.0"));
        assertThat(m.debName()).isEqualTo("streetnode_0.3.0_all.deb");
        assertThat(copy.toByteArray()).isEqualTo(Files.readAllBytes(dir.resolve("deb-0.3.0/streetnode_0.3.0_all.deb")));
    }

    @Test
    void ecdsaP256ReleaseKeysWorkAsWell() throws Exception {
        KeyPair p256 = SignatureScheme.ECDSA_P256.generate();
        byte[] pkg = TestPackages.custom(TestPackages.describing("streetnode", "0.3.0", "0.1.0", deb), Optional.of(p256), deb);
        Manifest m = new PackageVerifier(p256.getPublic(), RUNNING, false).verify(new ByteArrayInputStream(pkg), Optional.empty());
        assertThat(m.version().toString()).isEqualTo("0.3.0");
        refused(() -> verify(pkg), UpdateResult.INTEGRITY_FAILURE, "does not verify with the pinned release key");
    }

    @Test
    void theSameVersionAgainIsAReinstallAndTaken() throws Exception {
        byte[] pkg = TestPackages.custom(TestPackages.describing("streetnode", "0.2.0", "0.1.0", deb), Optional.of(key), deb);
        assertThat(verify(pkg).version()).isEqualTo(RUNNING);
    }

    @Test
    void aMissingSignatureIsAnIntegrityFailure() throws Exception {
        byte[] pkg = TestPackages.custom(TestPackages.describing("streetnode", "0.3.0", "0.1.0", deb), Optional.empty(), deb);
        refused(() -> verify(pkg), UpdateResult.INTEGRITY_FAILURE, "not signed");
    }

    @Test
    void aBadSignatureIsAnIntegrityFailure() throws Exception {
        byte[] pkg = good();
        // the signature member's data starts after the manifest's header and padded data, and its own header
        int sigAt = 512 + 512 + 512;
        pkg[sigAt + 5] ^= 0x01;
        refused(() -> verify(pkg), UpdateResult.INTEGRITY_FAILURE, "does not verify with the pinned release key");
    }

    @Test
    void aPackageSignedByAnotherKeyIsAnIntegrityFailure() throws Exception {
        byte[] pkg = TestPackages.custom(TestPackages.describing("streetnode", "0.3.0", "0.1.0", deb), Optional.of(otherKey), deb);
        refused(() -> verify(pkg), UpdateResult.INTEGRITY_FAILURE, "does not verify with the pinned release key");
    }

    @Test
    void aManifestAlteredAfterSigningIsAnIntegrityFailure() throws Exception {
        byte[] pkg = good();
        String text = new String(pkg, StandardCharsets.ISO_8859_1).replace("version=0.3.0", "version=0.4.0");
        byte[] altered = text.getBytes(StandardCharsets.ISO_8859_1);
        refused(() -> verify(altered), UpdateResult.INTEGRITY_FAILURE, "does not verify");
    }

    @Test
    void aTruncatedPackageIsAnIntegrityFailureWhereverItIsCut() throws Exception {
        byte[] pkg = good();
        for (int cut : new int[] {100, 600, 1600, 1536 + 512 + 5000, pkg.length - 1024, pkg.length - 1}) {
            byte[] truncated = Arrays.copyOf(pkg, cut);
            refused(() -> verify(truncated), UpdateResult.INTEGRITY_FAILURE, "truncated");
        }
    }

    @Test
    void aDamagedDebIsAnIntegrityFailure() throws Exception {
        byte[] pkg = good();
        pkg[512 * 5 + 1234] ^= 0x40;
        refused(() -> verify(pkg), UpdateResult.INTEGRITY_FAILURE, "SHA-256");
    }

    @Test
    void aDebOfAnotherSizeThanTheManifestSaysIsAnIntegrityFailure() throws Exception {
        Manifest lying = TestPackages.describing("streetnode", "0.3.0", "0.1.0", Arrays.copyOf(deb, deb.length - 1));
        byte[] pkg = TestPackages.custom(lying, Optional.of(key), deb);
        refused(() -> verify(pkg), UpdateResult.INTEGRITY_FAILURE, "the manifest says " + (deb.length - 1));
    }

    @Test
    void dataAfterThePackageIsAnIntegrityFailure() throws Exception {
        byte[] pkg = good();
        byte[] longer = Arrays.copyOf(pkg, pkg.length + 512);
        longer[pkg.length + 7] = 1;
        refused(() -> verify(longer), UpdateResult.INTEGRITY_FAILURE, "follows the end");
        // the zero padding tar adds to its records is fine
        assertThat(verify(Arrays.copyOf(pkg, pkg.length + 8192)).version().toString()).isEqualTo("0.3.0");
    }

    @Test
    void aPackageForAnotherProductIsUnsupported() throws Exception {
        byte[] pkg = TestPackages.custom(TestPackages.describing("lampnode", "0.3.0", "0.1.0", deb), Optional.of(key), deb);
        refused(() -> verify(pkg), UpdateResult.UNSUPPORTED_PACKAGE, "product \"lampnode\"");
    }

    @Test
    void anOlderVersionIsUnsupportedUnlessDowngradesAreAllowed() throws Exception {
        byte[] pkg = TestPackages.custom(TestPackages.describing("streetnode", "0.1.9", "0.1.0", deb), Optional.of(key), deb);
        refused(() -> verify(pkg), UpdateResult.UNSUPPORTED_PACKAGE, "older than the running 0.2.0");
        assertThat(verify(pkg, true).version().toString()).isEqualTo("0.1.9");
    }

    @Test
    void aPackageForNewerRunningVersionsThanThisOneIsUnsupported() throws Exception {
        byte[] pkg = TestPackages.custom(TestPackages.describing("streetnode", "0.5.0", "0.3.0", deb), Optional.of(key), deb);
        refused(() -> verify(pkg), UpdateResult.UNSUPPORTED_PACKAGE, "upgrades from 0.3.0 or later; this node runs 0.2.0");
    }

    @Test
    void somethingElseThanAPackageIsUnsupported() throws Exception {
        refused(() -> verify(deb), UpdateResult.UNSUPPORTED_PACKAGE, "not a streetnode package");
        refused(() -> verify(new byte[2048]), UpdateResult.UNSUPPORTED_PACKAGE, "not a streetnode package");
    }

    @Test
    void aManifestOfAnotherFormatIsUnsupported() throws Exception {
        byte[] manifest = new String(TestPackages.describing("streetnode", "0.3.0", "0.1.0", deb).toBytes(),
                StandardCharsets.UTF_8).replace("format=1", "format=2").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageArchive.write(out, manifest, Optional.of(SignatureScheme.sign(key.getPrivate(), manifest)),
                new ByteArrayInputStream(deb), deb.length);
        refused(() -> verify(out.toByteArray()), UpdateResult.UNSUPPORTED_PACKAGE, "format 2");
    }

    @Test
    void signingRefusesAPackageWhoseDebDoesNotMatchItsManifest() throws Exception {
        byte[] pkg = TestPackages.custom(TestPackages.describing("streetnode", "0.3.0", "0.1.0", deb), Optional.empty(), deb);
        pkg[512 * 3 + 10] ^= 1;
        Path file = dir.resolve("damaged.snpkg");
        Files.write(file, pkg);
        refused(() -> PackageBuilder.sign(file, key.getPrivate()), UpdateResult.INTEGRITY_FAILURE, "does not match");
        assertThat(Files.readAllBytes(file)).isEqualTo(pkg);
    }
}
