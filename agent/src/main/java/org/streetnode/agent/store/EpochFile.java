package org.streetnode.agent.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.streetnode.agent.files.AtomicFile;

/**
 * The node's epoch, kept in its own small file beside the store so that quarantining the store
 * file never loses it. Written through {@link AtomicFile}, so after a crash the file holds the
 * old or the new epoch, never a torn one.
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
        AtomicFile.write(path, (epoch + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
