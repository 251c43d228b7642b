package org.streetnode.agent.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The one way the agent persists a file, so that it survives kill -9 and power loss: the new
 * content goes to a temporary file beside the target ({@code .NAME.tmp}), created with its final
 * mode before any byte is written, forced to storage, renamed over the target (atomic on one
 * file system), and the directory is forced so that the rename itself is durable. A reader sees
 * the old file or the new one, never a torn one. A write that fails leaves the old file and no
 * temporary file; a crash may leave the temporary file, which the next write of that file
 * replaces (its name is fixed, so crashes never pile up leftovers). Hence one writer per file at
 * a time: callers serialise their writes of one file.
 */
public final class AtomicFile {
    /** {@code rw-------}: for anything secret, and what is only the agent's business. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private AtomicFile() {
    }

    /** Writes the content to a stream (buffered; the utility flushes and forces it). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code file} with {@code content}; a new file gets the process's default mode. */
    public static void write(Path file, byte[] content) throws IOException {
        try (Staged staged = stage(file, Optional.empty(), out -> out.write(content))) {
            staged.commit();
        }
    }

    /** Replaces {@code file} with {@code content}, mode 0600 from its first byte on. */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        write(file, PRIVATE, out -> out.write(content));
    }

    /** Replaces {@code file} with what {@code content} writes, with exactly {@code mode} from its first byte on. */
    public static void write(Path file, Set<PosixFilePermission> mode, Content content) throws IOException {
        try (Staged staged = stage(file, mode, content)) {
            staged.commit();
        }
    }

    /**
     * Writes the temporary file of {@code file} with exactly {@code mode}, forced to storage, and
     * leaves the rename to {@link Staged#commit()}: for a caller that checks or completes the
     * staged file first. Closing an uncommitted stage deletes it.
     */
    public static Staged stage(Path file, Set<PosixFilePermission> mode, Content content) throws IOException {
        return stage(file, Optional.of(mode), content);
    }

    private static Staged stage(Path file, Optional<Set<PosixFilePermission>> mode, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        createDirectories(target.getParent());
        Path tmp = temporaryOf(target);
        Files.deleteIfExists(tmp); // a crash's leftover, whatever its mode
        FileAttribute<?>[] attributes = mode.<FileAttribute<?>[]>map(m -> new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(m)})
                .orElse(new FileAttribute<?>[0]);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            if (mode.isPresent()) {
                // created no wider than the mode (the umask only takes bits away); now exactly it
                Files.setPosixFilePermissions(tmp, mode.get());
            }
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
            content.writeTo(out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new Staged(tmp, target);
    }

    /** Where {@code file}'s new content is staged before its rename. */
    public static Path temporaryOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    /**
     * Creates {@code dir} and any parent missing, each made durable in its parent: a file
     * written durably into a directory whose own name a power cut can take back is not durable.
     */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        createDirectories(parent);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        syncDirectory(parent);
    }

    /** Makes a rename in {@code dir} durable: on Linux a directory can be opened and forced like a file. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Moves an unreadable file aside (keeping it for a post-mortem) so a fresh one can take its place. */
    public static Path quarantine(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    /** A file's new content, whole and forced to storage, not yet in the file's place. */
    public static final class Staged implements AutoCloseable {
        private final Path temporary;
        private final Path target;
        private boolean committed;

        private Staged(Path temporary, Path target) {
            this.temporary = temporary;
            this.target = target;
        }

        /** The staged file, to read or to complete (its owner, say) before the commit. */
        public Path path() {
            return temporary;
        }

        /** Renames the staged file over the target and forces the directory: the commit point. */
        public void commit() throws IOException {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            syncDirectory(target.getParent());
        }

        /** Deletes the staged file unless it was committed. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
