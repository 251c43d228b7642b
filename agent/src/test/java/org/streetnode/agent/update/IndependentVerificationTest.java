package org.streetnode.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.Pem;

/**
 * The package format is checkable without the agent, with tar, openssl and sha256sum, as the
 * privileged install helper checks it: the same package verifies there, and a tampered one does
 * not. Skipped where the tools are missing (a failure under CI=true, where .ci/run has them).
 */
class IndependentVerificationTest {
    @TempDir
    Path dir;

    @Test
    void opensslVerifiesEd25519AndP256PackagesAndTarListsExactlyTheirMembers() throws Exception {
        toolsPresent();
        for (SignatureScheme scheme : SignatureScheme.values()) {
            KeyPair key = scheme.generate();
            Path work = Files.createDirectories(dir.resolve(scheme.name()));
            Path pub = work.resolve("release.pub");
            Files.writeString(pub, Pem.encode("PUBLIC KEY", key.getPublic().getEncoded()));
            Path pkg = TestPackages.signed(work, key, "0.3.0", "0.1.0", 200_000);

            assertThat(run(work, "tar", "-tf", pkg.toString()).strip().split("\n"))
                    .containsExactly(PackageArchive.MANIFEST, PackageArchive.SIGNATURE, PackageArchive.DEB);
            Files.write(work.resolve("m"), bytes(work, "tar", "-xOf", pkg.toString(), PackageArchive.MANIFEST));
            Files.write(work.resolve("s"), bytes(work, "tar", "-xOf", pkg.toString(), PackageArchive.SIGNATURE));
            assertThat(exit(work, verifyCommand(scheme, pub))).as("openssl verifies the %s signature", scheme).isZero();

            Manifest m = Manifest.parse(Files.readAllBytes(work.resolve("m")));
            byte[] debBytes = bytes(work, "tar", "-xOf", pkg.toString(), PackageArchive.DEB);
            assertThat(debBytes).hasSize((int) m.debSize());
            assertThat(HexFormat.of().formatHex(PackageVerifier.sha256().digest(debBytes))).isEqualTo(m.debSha256());

            Files.writeString(work.resolve("m"), new String(Files.readAllBytes(work.resolve("m")), StandardCharsets.UTF_8)
                    .replace("0.3.0", "0.3.1"));
            assertThat(exit(work, verifyCommand(scheme, pub))).as("openssl refuses an altered manifest").isNotZero();
        }
    }

    private static List<String> verifyCommand(SignatureScheme scheme, Path pub) {
        return switch (scheme) {
            case ED25519 -> List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
                    "-in", "m", "-sigfile", "s");
            case ECDSA_P256 -> List.of("openssl", "dgst", "-sha256", "-verify", pub.toString(), "-signature", "s", "m");
        };
    }

    private static void toolsPresent() {
        for (String tool : List.of("tar", "openssl")) {
            boolean there = Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/bin", tool));
            if (!there && "true".equals(System.getenv("CI"))) {
                throw new AssertionError(tool + " is missing in CI (.ci/run installs it)");
            }
            assumeTrue(there, tool + " is not installed: skipped");
        }
    }

    private static String run(Path dir, String... cmd) throws Exception {
        return new String(bytes(dir, cmd), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return out.toByteArray();
    }

    private static int exit(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
