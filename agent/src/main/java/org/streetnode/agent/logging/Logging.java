package org.streetnode.agent.logging;

import java.util.Locale;
import java.util.Optional;
import org.streetnode.agent.config.LoggingConfig;
import org.tinylog.configuration.Configuration;
import org.tinylog.core.TinylogLoggingProvider;
import org.tinylog.provider.ProviderRegistry;

/**
 * Applies {@code [logging]} on top of the shipped {@code tinylog.properties}: the root level,
 * the levels of packages ({@code [logging.levels]}, over the shipped ones), and the optional
 * size-bounded rolling file. Tinylog takes its configuration once, at the
 * first log line, so this runs before anything logs.
 */
public final class Logging {
    private Logging() {
    }

    public static void configure(LoggingConfig config) {
        if (Configuration.isFrozen()) {
            return; // already logging (tests, a second agent in one JVM): keep what is there
        }
        Configuration.set("level", config.level().name().toLowerCase(Locale.ROOT));
        config.levels().forEach((name, level) -> Configuration.set("level@" + name, level.name().toLowerCase(Locale.ROOT)));
        config.file().ifPresent(file -> {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String rolled = dot > 0 ? name.substring(0, dot) + ".{count}" + name.substring(dot) : name + ".{count}";
            Configuration.set("writerFile", "rolling file");
            Configuration.set("writerFile.file", file.resolveSibling(rolled).toString());
            Configuration.set("writerFile.latest", file.toString());
            Configuration.set("writerFile.policies", "size: " + config.fileMaxSize() / 1024 + "kb");
            Configuration.set("writerFile.backups", Integer.toString(config.fileBackups()));
            Configuration.set("writerFile.format", "{date: yyyy-MM-dd HH:mm:ss.SSS} {level}: {class-name}: {message}");
            Configuration.set("writerFile.buffered", "true");
        });
    }

    /**
     * Feeds {@code ring} every line logged from now on, until {@link #detach}; returns false (and
     * the ring stays empty) when the configuration has no memory writer.
     */
    public static boolean attach(RecentLog ring) {
        return memoryWriter().map(w -> {
            w.attach(ring);
            return true;
        }).orElse(false);
    }

    public static void detach(RecentLog ring) {
        memoryWriter().ifPresent(w -> w.detach(ring));
    }

    /** The memory writer Tinylog made from {@code writerX = memory}; asking freezes the configuration. */
    private static Optional<MemoryWriter> memoryWriter() {
        if (ProviderRegistry.getLoggingProvider() instanceof TinylogLoggingProvider tinylog) {
            return tinylog.getWriters().stream().filter(MemoryWriter.class::isInstance).map(MemoryWriter.class::cast)
                    .findFirst();
        }
        return Optional.empty();
    }

    /** Flushes and closes the writers; call after the last log line. */
    public static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
