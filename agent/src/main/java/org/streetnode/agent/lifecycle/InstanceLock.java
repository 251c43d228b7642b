package org.streetnode.agent.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One agent per data directory: two agents on one buffer and one lamp would fight. An OS file
 * lock, so a crashed agent never leaves a stale lock behind; the file holds the owner's pid
 * for the message the second one prints.
 */
public final class InstanceLock implements Service {
    private final Path file;
    private FileChannel channel;
    private FileLock lock;

    public InstanceLock(Path dataDir) {
        this.file = dataDir.resolve("streetnode.lock");
    }

    @Override
    public String name() {
        return "instance lock";
    }

    @Override
    public void start() throws IOException, AlreadyRunningException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by another agent in this same JVM
        }
        if (lock == null) {
            String owner = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
            channel.close();
            throw new AlreadyRunningException("another streetnode agent" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                    + " is running with data directory " + file.getParent());
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
    }

    @Override
    public void stop() throws IOException {
        if (lock != null) {
            channel.truncate(0);
            lock.release();
            channel.close();
            lock = null;
        }
    }

    /** The data directory is locked by a running agent. */
    public static final class AlreadyRunningException extends Exception {
        AlreadyRunningException(String message) {
            super(message);
        }
    }
}
