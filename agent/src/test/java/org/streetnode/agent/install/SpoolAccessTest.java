package org.streetnode.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper writes in the agent's spool only as the spool's owner: a link the agent planted
 * where the helper writes cannot make root overwrite a file of its own.
 */
class SpoolAccessTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void theResultIsWrittenAsTheSpoolsOwnerAndAPlantedLinkCannotRedirectIt() throws Exception {
        boolean root = TrustedFiles.selfUid() == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI runs as root; writing as another user needs it");
        }
        assumeTrue(root, "not root: skipping the write as the spool's owner (setpriv to another user needs root)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.setAttribute(spool, "unix:uid", NOBODY);
        Files.setAttribute(spool, "unix:gid", NOBODY);
        Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwx------"));
        Path rootsFile = Files.writeString(dir.resolve("root-only"), "root's\n");
        Files.createSymbolicLink(spool.resolve("install-result.json.tmp"), rootsFile);
        Files.writeString(spool.resolve("install-request.json"), "{}");
        Files.setAttribute(spool.resolve("install-request.json"), "unix:uid", NOBODY);

        SpoolAccess access = new SpoolAccess(spool);
        assertThat(access.requested()).isTrue();
        access.take();
        access.writeResult("{\"outcome\":\"installed\"}".getBytes());

        assertThat(rootsFile).hasContent("root's");
        Path result = spool.resolve("install-result.json");
        assertThat(result).hasContent("{\"outcome\":\"installed\"}");
        assertThat(TrustedFiles.uid(result)).as("written by the spool's owner").isEqualTo(NOBODY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(result))).isEqualTo("rw-------");
        assertThat(spool.resolve("install-request.json")).doesNotExist();
        assertThat(spool.resolve("install-request.taken")).exists();
        assertThat(access.requested()).isFalse();
    }
}
