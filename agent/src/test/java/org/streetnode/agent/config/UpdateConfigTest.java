package org.streetnode.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateConfigTest {
    @TempDir
    Path dir;

    private String config(String update) {
        return TestConfigs.minimal(dir, "coaps://127.0.0.1:5684") + "\n[update]\n" + update;
    }

    private Path publicKey(String algorithm, String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("RSA")) {
            g.initialize(2048);
        } else if (algorithm.equals("EC")) {
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        }
        Path file = dir.resolve(name);
        Files.writeString(file, Pem.encode("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    @Test
    void withoutAReleaseKeyUpdatesAreOffAndEveryOtherKeyHasItsDefault() throws Exception {
        UpdateConfig u = ConfigLoader.load(TestConfigs.write(dir, config(""))).update();
        assertThat(u.releaseKey()).isEmpty();
        assertThat(u.allowDowngrade()).isFalse();
        assertThat(u.healthTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(u.maxDownloadRate()).isEqualTo(64 * 1024);
        assertThat(u.spoolDir()).isEqualTo(dir.resolve("data/update"));
    }

    @Test
    void readsEveryKey() throws Exception {
        publicKey("Ed25519", "release.pub");
        UpdateConfig u = ConfigLoader.load(TestConfigs.write(dir, config("""
                release_key = "release.pub"
                allow_downgrade = true
                health_timeout = "15m"
                max_download_rate = "16KB"
                spool_dir = "spool"
                """))).update();
        assertThat(u.releaseKey()).isPresent();
        assertThat(u.releaseKeyFile()).contains(dir.resolve("release.pub"));
        assertThat(u.allowDowngrade()).isTrue();
        assertThat(u.healthTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(u.maxDownloadRate()).isEqualTo(16 * 1024);
        assertThat(u.spoolDir()).isEqualTo(dir.resolve("spool"));
        publicKey("EC", "p256.pub");
        assertThat(ConfigLoader.load(TestConfigs.write(dir, config("release_key = \"p256.pub\"\n"))).update().releaseKey())
                .isPresent();
    }

    @Test
    void aReleaseKeyThatCannotDecideWhatTheNodeInstallsIsAProblemAtItsLine() throws Exception {
        Path file = TestConfigs.write(dir, config("release_key = \"missing.pub\"\n"));
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("update.release_key");
                assertThat(p.line()).isEqualTo(Files.readAllLines(file).indexOf("release_key = \"missing.pub\"") + 1);
                assertThat(p.message()).contains("missing.pub");
            });
        });

        Files.setPosixFilePermissions(publicKey("Ed25519", "writable.pub"), PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> ConfigLoader.load(TestConfigs.write(dir, config("release_key = \"writable.pub\"\n"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.message()).contains("writable by group or others")));

        publicKey("RSA", "rsa.pub");
        assertThatThrownBy(() -> ConfigLoader.load(TestConfigs.write(dir, config("release_key = \"rsa.pub\"\n"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.message()).contains("other than Ed25519 or ECDSA P-256")));
    }

    @Test
    void badValuesAreLocatedProblems() throws Exception {
        Path file = TestConfigs.write(dir, config("""
                allow_downgrade = "yes"
                health_timeout = "10s"
                max_download_rate = "10B"
                relase_key = "release.pub"
                """));
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                    "update.allow_downgrade", "update.health_timeout", "update.max_download_rate", "update.relase_key");
            assertThat(e.problems()).filteredOn(p -> p.key().equals("update.relase_key")).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("did you mean \"release_key\""));
        });
    }
}
