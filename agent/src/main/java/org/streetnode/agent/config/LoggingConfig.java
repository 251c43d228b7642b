package org.streetnode.agent.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code [logging]}: the console always logs (the systemd journal collects it); a rolling file
 * is optional and bounded in size, because SD cards wear out.
 *
 * @param level the agent's level
 * @param file the optional log file
 * @param fileMaxSize size at which the file is rolled
 * @param fileBackups how many rolled files are kept
 * @param levels the level of a package or class ({@code [logging.levels]}), over the shipped
 *     {@code tinylog.properties}: {@code "org.eclipse.californium" = "debug"} to see every DTLS
 *     handshake on one node for a while
 */
public record LoggingConfig(Level level, Optional<Path> file, long fileMaxSize, int fileBackups, Map<String, Level> levels) {
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    /** A Java package or class name. */
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    public LoggingConfig {
        levels = Map.copyOf(levels);
    }

    public static LoggingConfig defaults() {
        return console(Level.INFO);
    }

    /** The console only, at {@code level}: for the short commands (provision, selftest, demo). */
    public static LoggingConfig console(Level level) {
        return new LoggingConfig(level, Optional.empty(), 10L << 20, 3, Map.of());
    }

    static LoggingConfig read(ConfigTable t) {
        return new LoggingConfig(
                t.choice("level", Level.INFO),
                t.optionalPath("file"),
                t.byteSize("file_max_size", 10L << 20, 64L << 10, 1L << 30),
                t.integer("file_backups", 3, 0, 100),
                levels(t.table("levels")));
    }

    private static Map<String, Level> levels(ConfigTable t) {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String name : t.keys()) {
            if (PACKAGE.matcher(name).matches()) {
                levels.put(name, t.choice(name, Level.INFO));
            } else {
                t.problem(name, "not a package or class name (write e.g. \"org.eclipse.californium\" = \"debug\")");
            }
        }
        return levels;
    }
}
