package org.streetnode.agent.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code [logging]}: the console always logs (the systemd journal collects it); a rolling file
 * is optional and bounded in size, because SD cards wear out.
 *
 * @param level the agent's level; per-package levels are in {@code tinylog.properties}
 * @param file the optional log file
 * @param fileMaxSize size at which the file is rolled
 * @param fileBackups how many rolled files are kept
 */
public record LoggingConfig(Level level, Optional<Path> file, long fileMaxSize, int fileBackups) {
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    public static LoggingConfig defaults() {
        return new LoggingConfig(Level.INFO, Optional.empty(), 10L << 20, 3);
    }

    static LoggingConfig read(ConfigTable t) {
        return new LoggingConfig(
                t.choice("level", Level.INFO),
                t.optionalPath("file"),
                t.byteSize("file_max_size", 10L << 20, 64L << 10, 1L << 30),
                t.integer("file_backups", 3, 0, 100));
    }
}
