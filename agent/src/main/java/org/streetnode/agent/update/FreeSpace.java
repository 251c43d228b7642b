package org.streetnode.agent.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much a directory's file system can still take, for this user. */
@FunctionalInterface
public interface FreeSpace {
    long usableBytes(Path dir) throws IOException;

    /** The file system's own figure. */
    static FreeSpace fileStore() {
        return dir -> Files.getFileStore(dir).getUsableSpace();
    }
}
