package org.streetnode.agent.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.streetnode.agent.files.AtomicFile;

/**
 * Provisioning's files, written through {@link AtomicFile} (whole or absent, with their mode
 * from the first byte on) and, run as root, given the owner and group of {@code ownerLike}
 * before they take their place (the package made the secrets directory the service user's, and
 * the config directory its group's).
 */
final class FileWriting {
    private static final boolean ROOT = isRoot();

    private FileWriting() {
    }

    /** Writes {@code target} atomically with {@code mode} ("rw-------"), owned like {@code ownerLike}. */
    static void write(Path target, byte[] content, String mode, Path ownerLike) throws IOException {
        try (AtomicFile.Staged staged = stage(target, content, mode, ownerLike)) {
            staged.commit();
        }
    }

    /** Stages {@code target}'s new content with mode and owner; the caller commits it or closes it. */
    static AtomicFile.Staged stage(Path target, byte[] content, String mode, Path ownerLike) throws IOException {
        AtomicFile.Staged staged = AtomicFile.stage(target, PosixFilePermissions.fromString(mode), out -> out.write(content));
        try {
            ownLike(staged.path(), ownerLike);
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    private static void ownLike(Path file, Path reference) throws IOException {
        if (!ROOT || !Files.exists(reference)) {
            return;
        }
        Files.setAttribute(file, "unix:uid", Files.getAttribute(reference, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        Files.setAttribute(file, "unix:gid", Files.getAttribute(reference, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
