package org.streetnode.agent.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.streetnode.agent.files.AtomicFile;

/**
 * The spool directory ({@code [update] spool_dir}, 0700, the agent's): the only place the agent
 * writes for an update, and where the privileged install helper finds its work.
 *
 * <pre>
 * state.json            the update state (phase, result, package), kept across restarts   agent
 * download.part         the package as far as it has arrived (push or pull)               agent
 * package.snpkg         the whole package, verified, waiting for Update                  agent
 * install-request.json  written when the platform executes Update: the helper's trigger   agent
 * install-request.taken the request once the helper took it (renamed as the agent's user)  helper
 * install-result.json   the helper's outcome, written as the agent's user                 helper
 * </pre>
 *
 * The helper trusts none of it: it copies {@code package.snpkg} into a directory of its own
 * and verifies the copy with the pinned key before installing it.
 */
public final class Spool {
    static final String STATE = "state.json";
    static final String PART = "download.part";
    /** The names the agent and the install helper share. */
    public static final String PACKAGE = "package.snpkg";
    public static final String REQUEST = "install-request.json";
    public static final String TAKEN = "install-request.taken";
    public static final String RESULT = "install-result.json";
    /** Downloads are forced to storage at least this often, so a power cut costs at most this much of one. */
    private static final long SYNC_EVERY_BYTES = 256 * 1024;

    private final Path dir;
    private long unsynced;

    Spool(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void create() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable by this user");
        }
    }

    /** How much of the download has arrived. */
    long partLength() throws IOException {
        Path part = file(PART);
        return Files.exists(part) ? Files.size(part) : 0;
    }

    /** Writes {@code data} at {@code offset} of the download, dropping whatever lay beyond it. */
    void writePart(long offset, byte[] data, boolean last) throws IOException {
        try (FileChannel ch = FileChannel.open(file(PART), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (ch.size() > offset) {
                ch.truncate(offset);
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            long at = offset;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
            unsynced += data.length;
            if (last || unsynced >= SYNC_EVERY_BYTES) {
                ch.force(false);
                unsynced = 0;
            }
        }
    }

    /** Cuts the download back to {@code length} bytes (a torn last block after a power cut). */
    void truncatePart(long length) throws IOException {
        if (Files.exists(file(PART))) {
            try (FileChannel ch = FileChannel.open(file(PART), StandardOpenOption.WRITE)) {
                ch.truncate(length);
            }
        }
    }

    /** The verified download becomes the package waiting for Update. */
    void promotePart() throws IOException {
        try (FileChannel ch = FileChannel.open(file(PART), StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(file(PART), file(PACKAGE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFile.syncDirectory(dir);
    }

    void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }
}
