package org.streetnode.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.streetnode.agent.files.AtomicFile;

/** The files of one store directory, and moving a damaged file set to the quarantine folder. */
final class StoreFiles {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    final Path directory;
    final Path database;
    final Path wal;
    final Path sharedMemory;
    /** Present while a store is open: found at start with no WAL, it means the WAL was lost. */
    final Path openMarker;
    final Path epoch;
    final Path quarantine;

    StoreFiles(Path directory) {
        this.directory = directory;
        this.database = directory.resolve("readings.db");
        this.wal = directory.resolve("readings.db-wal");
        this.sharedMemory = directory.resolve("readings.db-shm");
        this.openMarker = directory.resolve("readings.open");
        this.epoch = directory.resolve("epoch");
        this.quarantine = directory.resolve("quarantine");
    }

    /** Creates the store directory durably (see {@link AtomicFile#createDirectories}). */
    void createDirectory() throws IOException {
        AtomicFile.createDirectories(directory);
    }

    List<Path> fileSet() {
        return List.of(database, wal, sharedMemory);
    }

    long bytesOnDisk() {
        long sum = 0;
        for (Path p : fileSet()) {
            try {
                sum += Files.size(p);
            } catch (IOException e) {
                // missing: counts as nothing
            }
        }
        return sum;
    }

    /**
     * Moves the store file set (those of its files that exist) into a new timestamped folder
     * under {@code quarantine/} and deletes the oldest folders beyond {@code keep}.
     *
     * @return the folder the files went to
     */
    Path quarantine(String reason, Instant now, int keep) throws IOException {
        AtomicFile.createDirectories(quarantine);
        String base = STAMP.format(now) + "-" + reason;
        Path target = quarantine.resolve(base);
        for (int n = 2; Files.exists(target); n++) {
            target = quarantine.resolve(base + "-" + n);
        }
        Files.createDirectory(target);
        for (Path p : fileSet()) {
            if (Files.exists(p)) {
                Files.move(p, target.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.deleteIfExists(openMarker);
        // the damaged set is kept for a post-mortem: durably, in its new place and gone from the old
        AtomicFile.syncDirectory(target);
        AtomicFile.syncDirectory(quarantine);
        AtomicFile.syncDirectory(directory);
        prune(keep);
        return target;
    }

    private void prune(int keep) throws IOException {
        List<Path> folders;
        try (Stream<Path> s = Files.list(quarantine)) {
            folders = new ArrayList<>(s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::getFileName)).toList());
        }
        while (folders.size() > keep) {
            deleteTree(folders.remove(0));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
