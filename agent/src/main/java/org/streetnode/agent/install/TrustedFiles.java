package org.streetnode.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The install helper's checks on the files it reads as root. What the helper trusts (the
 * configuration, the release key) must be a regular file, not a symbolic link, owned by root and
 * writable by root alone, in a directory of the same kind (so that nobody else can swap it);
 * what the agent wrote is only ever copied, never followed through a link, never read past a
 * size, and then checked as a copy the agent cannot reach.
 */
final class TrustedFiles {
    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private TrustedFiles() {
    }

    /** The uid of this process. */
    static int selfUid() throws IOException {
        return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    static int uid(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static int gid(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * {@code file} (what it is for: {@code what}) must be a regular file that {@code owner}
     * owns and alone may write, and so must its directory.
     */
    static void requireOwned(Path file, int owner, String what) throws InstallRefusedException {
        Path abs = file.toAbsolutePath();
        requireOwnedEntry(abs, owner, what, false);
        requireOwnedEntry(abs.getParent(), owner, "the directory of " + what, true);
    }

    /** A directory the helper keeps its own files in: owned by {@code owner}, writable by it alone. */
    static void requireOwnedDirectory(Path dir, int owner, String what) throws InstallRefusedException {
        requireOwnedEntry(dir.toAbsolutePath(), owner, what, true);
    }

    private static void requireOwnedEntry(Path p, int owner, String what, boolean directory) throws InstallRefusedException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new InstallRefusedException(what + " " + p + " cannot be read: " + e.getMessage());
        }
        if (a.isSymbolicLink()) {
            throw new InstallRefusedException(what + " " + p + " is a symbolic link; it must be the file itself");
        }
        if (directory ? !a.isDirectory() : !a.isRegularFile()) {
            throw new InstallRefusedException(what + " " + p + " is not a " + (directory ? "directory" : "regular file"));
        }
        int uid;
        try {
            uid = uid(p);
        } catch (IOException e) {
            throw new InstallRefusedException(what + " " + p + " cannot be read: " + e.getMessage());
        }
        if (uid != owner) {
            throw new InstallRefusedException(what + " " + p + " belongs to uid " + uid + ", not " + owner
                    + " (root): only root may decide what the node installs");
        }
        if (a.permissions().stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
            throw new InstallRefusedException(what + " " + p + " is writable by group or others ("
                    + PosixFilePermissions.toString(a.permissions()) + "): only its owner may change it");
        }
    }

    /**
     * Copies a file the agent controls to {@code target} (created 0600, replaced): only a regular
     * file, opened without following a symbolic link (O_NOFOLLOW), at most {@code maxBytes}.
     * Only the copy counts from here on: the agent may change the original as it likes.
     */
    static long copyUntrusted(Path source, Path target, long maxBytes) throws InstallRefusedException, IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new InstallRefusedException("the package " + source + " cannot be read: " + e.getMessage());
        }
        if (!a.isRegularFile()) {
            throw new InstallRefusedException("the package " + source + " is not a regular file"
                    + (a.isSymbolicLink() ? " (a symbolic link)" : ""));
        }
        if (a.size() > maxBytes) {
            throw new InstallRefusedException("the package " + source + " has " + a.size() + " bytes, more than "
                    + maxBytes + " that the helper copies");
        }
        Files.deleteIfExists(target);
        long copied = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            InputStream is = Channels.newInputStream(in);
            OutputStream os = Channels.newOutputStream(out);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = is.read(buf)) > 0) {
                copied += n;
                if (copied > maxBytes) {
                    throw new InstallRefusedException("the package " + source + " grew past " + maxBytes + " bytes while it was copied");
                }
                os.write(buf, 0, n);
            }
            out.force(true);
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                    && fse.getReason().contains("symbolic link")) {
                throw new InstallRefusedException("the package " + source + " became a symbolic link; it is not followed");
            }
            throw e;
        }
        return copied;
    }
}
