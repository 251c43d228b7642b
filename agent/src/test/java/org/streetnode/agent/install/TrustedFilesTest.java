package org.streetnode.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper's own checks on what it trusts (root's files) and on what it only copies (the agent's). */
class TrustedFilesTest {
    @TempDir
    Path dir;

    private int me;

    @BeforeEach
    void self() throws Exception {
        me = TrustedFiles.selfUid();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private Path key(String mode) throws Exception {
        Path key = dir.resolve("release.pub");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        return key;
    }

    @Test
    void aKeyItsOwnerAloneMayWriteInADirectoryOfTheSameKindIsTrusted() throws Exception {
        TrustedFiles.requireOwned(key("rw-r--r--"), me, "the release key");
    }

    @Test
    void aKeyOfAnotherOwnerIsRefused() throws Exception {
        Path key = key("rw-r--r--");
        int expected = me;
        if (me == 0) {
            Files.setAttribute(key, "unix:uid", 65534); // root can give it away: owned by nobody
        } else {
            expected = 0; // not root: the file is this user's, and root must own it
        }
        int owner = expected;
        assertThatThrownBy(() -> TrustedFiles.requireOwned(key, owner, "the release key"))
                .isInstanceOf(InstallRefusedException.class).hasMessageContaining("belongs to uid");
    }

    @Test
    void aKeyOthersMayWriteIsRefused() throws Exception {
        Path key = key("rw-rw-r--");
        assertThatThrownBy(() -> TrustedFiles.requireOwned(key, me, "the release key"))
                .isInstanceOf(InstallRefusedException.class).hasMessageContaining("writable by group or others");
    }

    @Test
    void aKeyInADirectoryOthersMayWriteIsRefused() throws Exception {
        Path key = key("rw-r--r--");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> TrustedFiles.requireOwned(key, me, "the release key"))
                .isInstanceOf(InstallRefusedException.class).hasMessageContaining("the directory of the release key");
    }

    @Test
    void aSymlinkedKeyIsRefusedEvenWhenItsTargetIsFine() throws Exception {
        Path target = key("rw-r--r--");
        Path link = Files.createSymbolicLink(dir.resolve("link.pub"), target);
        assertThatThrownBy(() -> TrustedFiles.requireOwned(link, me, "the release key"))
                .isInstanceOf(InstallRefusedException.class).hasMessageContaining("symbolic link");
    }

    @Test
    void aPackageIsCopiedExactlyIntoAPrivateFile() throws Exception {
        byte[] bytes = new byte[200_000];
        new java.util.Random(1).nextBytes(bytes);
        Path pkg = Files.write(dir.resolve("package.snpkg"), bytes);
        Path copy = dir.resolve("copy");
        assertThat(TrustedFiles.copyUntrusted(pkg, copy, 1 << 20)).isEqualTo(bytes.length);
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
    }

    @Test
    void aSymlinkedPackageIsNeverFollowed() throws Exception {
        Path secret = Files.writeString(dir.resolve("shadow"), "root:secret");
        Path pkg = Files.createSymbolicLink(dir.resolve("package.snpkg"), secret);
        Path copy = dir.resolve("copy");
        assertThatThrownBy(() -> TrustedFiles.copyUntrusted(pkg, copy, 1 << 20))
                .isInstanceOf(InstallRefusedException.class).hasMessageContaining("symbolic link");
        assertThat(copy).doesNotExist();
    }

    @Test
    void aDirectoryOrAnOversizedPackageIsRefused() throws Exception {
        Path asDir = Files.createDirectories(dir.resolve("package.snpkg"));
        assertThatThrownBy(() -> TrustedFiles.copyUntrusted(asDir, dir.resolve("copy"), 1 << 20))
                .isInstanceOf(InstallRefusedException.class).hasMessageContaining("not a regular file");
        Path big = Files.write(dir.resolve("big.snpkg"), new byte[2048]);
        assertThatThrownBy(() -> TrustedFiles.copyUntrusted(big, dir.resolve("copy"), 1024))
                .isInstanceOf(InstallRefusedException.class).hasMessageContaining("more than 1024");
    }
}
