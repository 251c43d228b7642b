package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.update.TestPackages;

/** The key ceremony and the release steps as a city runs them: keygen, bundle, sign, verify. */
class UpdateCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.execute(args);
    }

    @Test
    void aCityMakesItsKeyBundlesSignsAndChecksARelease() throws Exception {
        assertThat(run("update", "keygen", dir.resolve("release").toString())).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("release.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("release.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("fingerprint: SHA256:");
        assertThat(run("update", "keygen", dir.resolve("release").toString())).as("never overwrites a key").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is never overwritten");

        Path deb = TestPackages.fakeDeb(dir, "0.3.0", 50_000);
        Path pkg = dir.resolve("streetnode_0.3.0.snpkg");
        assertThat(run("update", "bundle", "--deb", deb.toString(), "--version", "0.3.0", "--upgrades-from", "0.1.0",
                "--out", pkg.toString())).isZero();
        String pub = dir.resolve("release.pub").toString();
        assertThat(run("update", "verify", "--key", pub, "--running", "0.2.0", pkg.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("REFUSED (Update Result 5 integrity failure): the package is not signed");

        assertThat(run("update", "sign", "--key", dir.resolve("release.key").toString(), pkg.toString())).isZero();
        Path extracted = dir.resolve("extracted.deb");
        assertThat(run("update", "verify", "--key", pub, "--running", "0.2.0", "--extract-deb", extracted.toString(),
                pkg.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: streetnode 0.3.0 (upgrades from 0.1.0)");
        assertThat(Files.readAllBytes(extracted)).isEqualTo(Files.readAllBytes(deb));

        assertThat(run("update", "verify", "--key", pub, "--running", "0.4.0", pkg.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Update Result 6").contains("older than the running 0.4.0");
        assertThat(run("update", "verify", "--key", pub, "--running", "0.4.0", "--allow-downgrade", pkg.toString())).isZero();

        assertThat(run("update", "keygen", "--scheme", "p256", dir.resolve("other").toString())).isZero();
        assertThat(run("update", "verify", "--key", dir.resolve("other.pub").toString(), "--running", "0.2.0", pkg.toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pinned release key");
    }

    @Test
    void signingWithAKeyOthersCanReadIsRefused() throws Exception {
        assertThat(run("update", "keygen", dir.resolve("release").toString())).isZero();
        Files.setPosixFilePermissions(dir.resolve("release.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Path pkg = dir.resolve("p.snpkg");
        assertThat(run("update", "bundle", "--deb", TestPackages.fakeDeb(dir, "0.3.0", 1000).toString(), "--version", "0.3.0",
                "--upgrades-from", "0.1.0", "--out", pkg.toString())).isZero();
        assertThat(run("update", "sign", "--key", dir.resolve("release.key").toString(), pkg.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("must be private to its owner");
    }
}
