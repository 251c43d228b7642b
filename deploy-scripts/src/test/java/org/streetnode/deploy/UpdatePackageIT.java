package org.streetnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update package the build makes beside the .deb: it carries exactly that .deb, signs with a
 * key from {@code streetnode update keygen}, and then verifies with the agent and, independently,
 * with tar, openssl and sha256 as the privileged install helper will check it.
 */
class UpdatePackageIT {
    private static final Path PACKAGE = Path.of(System.getProperty("streetnode.update"));
    private static final Path JAR = Path.of(System.getProperty("streetnode.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    @Test
    void theBuildsPackageCarriesItsDebAndVerifiesOnceSignedWithTheAgentAndWithOpenssl() throws Exception {
        assertThat(PACKAGE).as("the build makes the update package").isRegularFile();
        PackageIT.need("tar", "reading the update package with standard tools");
        PackageIT.need("openssl", "checking the update package's signature independently");
        Path pkg = Files.copy(PACKAGE, tmp.resolve(PACKAGE.getFileName()));

        assertThat(Commands.lines(Commands.ok(tmp, "tar", "-tf", pkg.toString()).out()))
                .containsExactly("manifest", "streetnode.deb");
        String manifest = Commands.ok(tmp, "tar", "-xOf", pkg.toString(), "manifest").out();
        byte[] deb = Files.readAllBytes(PackageIT.DEB);
        assertThat(manifest).contains("product=streetnode\n", "version=" + PackageIT.VERSION + "\n",
                "size=" + deb.length + "\n",
                "sha256=" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(deb)) + "\n");

        Commands.ok(tmp, JAVA, "-jar", JAR.toString(), "update", "keygen", tmp.resolve("release").toString());
        Commands.ok(tmp, JAVA, "-jar", JAR.toString(), "update", "sign", "--key", "release.key", pkg.toString());
        assertThat(Commands.ok(tmp, JAVA, "-jar", JAR.toString(), "update", "verify", "--key", "release.pub",
                "--running", PackageIT.VERSION, pkg.toString()).out()).contains("OK: streetnode " + PackageIT.VERSION);

        Commands.ok(tmp, "sh", "-c", "tar -xOf " + pkg + " manifest > m && tar -xOf " + pkg + " manifest.sig > s");
        Commands.ok(tmp, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "release.pub", "-rawin", "-in", "m",
                "-sigfile", "s");
        assertThat(Commands.ok(tmp, "sh", "-c", "tar -xOf " + pkg + " streetnode.deb | sha256sum").out())
                .startsWith(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(deb)));
    }
}
