package org.streetnode.agent.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;

/**
 * Logging for a fleet: a thousand nodes logging to the console would bury the progress lines, so
 * their log goes to {@code fleet.log} in the fleet's directory, each line with its thread's name,
 * which names its node ({@code streetnode-fleet-00042/lwm2m-registration}); only errors also
 * reach stderr. Tinylog takes its configuration once: this runs before anything logs.
 */
public final class FleetLogging {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private FleetLogging() {
    }

    public static void configure(Path fleetDirectory, String level) throws IOException {
        String l = level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw new IllegalArgumentException("--log-level: one of " + String.join(", ", LEVELS.stream().sorted().toList()));
        }
        if (Configuration.isFrozen()) {
            return; // already logging (a test runs fleets in its JVM)
        }
        Files.createDirectories(fleetDirectory);
        Configuration.set("level", l);
        Configuration.set("writer.level", "error");
        Configuration.set("writerFleet", "file");
        Configuration.set("writerFleet.file", fleetDirectory.resolve("fleet.log").toString());
        Configuration.set("writerFleet.append", "true");
        Configuration.set("writerFleet.buffered", "true");
        Configuration.set("writerFleet.format", "{date: yyyy-MM-dd HH:mm:ss.SSS} {thread}: {level}: {message}");
    }

    /** Flushes the log; after the last line. */
    public static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
