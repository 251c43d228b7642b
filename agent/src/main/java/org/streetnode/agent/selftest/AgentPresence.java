package org.streetnode.agent.selftest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Whether an agent runs on a data directory, found without disturbing it: a shared lock on the
 * agent's lock file is refused while the agent holds its exclusive one. Held while the self-test
 * uses the hardware, it keeps an agent from starting meanwhile. The lock file is never created
 * here: one made by root would keep the service user's agent from opening it.
 */
public final class AgentPresence implements AutoCloseable {
    static final String LOCK_FILE = "streetnode.lock";

    private final boolean running;
    private final Optional<FileChannel> channel;
    private final Optional<FileLock> lock;

    private AgentPresence(boolean running, Optional<FileChannel> channel, Optional<FileLock> lock) {
        this.running = running;
        this.channel = channel;
        this.lock = lock;
    }

    private static AgentPresence absent() {
        return new AgentPresence(false, Optional.empty(), Optional.empty());
    }

    private static AgentPresence present() {
        return new AgentPresence(true, Optional.empty(), Optional.empty());
    }

    /** Looks, and holds a shared lock when the agent is not running. */
    public static AgentPresence look(Path dataDir) {
        Path file = dataDir.resolve(LOCK_FILE);
        if (!Files.isRegularFile(file)) {
            return absent(); // no agent has ever run here
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                FileLock shared = ch.tryLock(0, Long.MAX_VALUE, true);
                if (shared == null) {
                    ch.close();
                    return present();
                }
                return new AgentPresence(false, Optional.of(ch), Optional.of(shared));
            } catch (OverlappingFileLockException e) {
                ch.close(); // an agent in this very JVM (tests) holds it
                return present();
            }
        } catch (IOException e) {
            return absent(); // unreadable: the hardware test will say what it finds
        }
    }

    public boolean agentRunning() {
        return running;
    }

    @Override
    public void close() {
        try {
            if (lock.isPresent()) {
                lock.get().release();
            }
            if (channel.isPresent()) {
                channel.get().close();
            }
        } catch (IOException e) {
            // released with the channel anyway
        }
    }
}
