package org.streetnode.agent.provision;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files written so that they are whole or absent: a temp file in the same directory, created with
 * its final mode, written, flushed to disk, given its owner, then renamed over the target, and the
 * directory flushed. Run as root, a file takes the owner and group of {@code ownerLike} (the
 * package made the secrets directory the service user's, and the config directory its group's).
 */
final class FileWriting {
    private static final boolean ROOT = isRoot();

    private FileWriting() {
    }

    /** Writes {@code target} atomically with {@code mode} ("rw-------"), owned like {@code ownerLike}. */
    static void write(Path target, byte[] content, String mode, Path ownerLike) throws IOException {
        Path tmp = stage(target, content, mode, ownerLike);
        commit(tmp, target);
    }

    /** Writes a temp file next to {@code target}, flushed, with mode and owner; the caller renames it. */
    static Path stage(Path target, byte[] content, String mode, Path ownerLike) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".provision",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode)); // whatever the umask said
            ownLike(tmp, ownerLike);
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Renames the staged file over the target and flushes the directory: the commit point. */
    static void commit(Path staged, Path target) throws IOException {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot flush a directory; the rename itself is still atomic
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
