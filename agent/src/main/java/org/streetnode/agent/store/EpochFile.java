package org.streetnode.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The node's epoch, kept in its own small file beside the store so that quarantining the store
 * file never loses it. Written atomically: a temporary file is written and synced, renamed over
 * the old one, and the directory is synced, so after a crash the file holds the old or the new
 * epoch, never a torn one.
 */
final class EpochFile {
    private final Path path;

    EpochFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The stored epoch; empty when the file is missing or unreadable. */
    OptionalLong read() {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
            long epoch = Long.parseLong(text);
            return epoch > 0 ? OptionalLong.of(epoch) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    void write(long epoch) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        byte[] bytes = (epoch + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(path.getParent());
    }

    /** Makes a rename durable: on Linux a directory can be opened and fsync'ed like a file. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
