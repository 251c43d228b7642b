package org.streetnode.agent.lighting.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.streetnode.agent.files.AtomicFile;
import org.tinylog.Logger;

/**
 * The lamp counters in {@code lamp-counters.json} of the data directory, replaced atomically on
 * every save (see {@link AtomicFile}), so kill -9 or a power cut leaves the last save intact. A
 * file that cannot be read is moved aside and the counters start again from zero, with an
 * error in the log: a lamp must never stay dark because of its statistics.
 */
public final class CounterStore {
    public static final String FILE_NAME = "lamp-counters.json";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final AtomicReference<Optional<Saved>> lastSaved = new AtomicReference<>(Optional.empty());

    /** Counters as they were written, and when (by the injected clock). */
    public record Saved(Counters counters, Instant at) {
    }

    public CounterStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The counters last written (or read at start). */
    public Optional<Saved> lastSaved() {
        return lastSaved.get();
    }

    public Counters load() {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            if (n == null || n.path("version").asInt() != VERSION) {
                throw new IOException("not a version " + VERSION + " counter file");
            }
            Counters c = new Counters(number(n, "energy_wh"), n.path("burning_ms").asLong(), n.path("switch_count").asLong(),
                    n.path("metered_lit_ms").asLong(), number(n, "full_power_watts"), instant(n, "last_switch_on"),
                    instant(n, "energy_since"), night(n, "tonight"), night(n, "last_night"));
            Instant at = n.hasNonNull("saved_at") ? Instant.parse(n.get("saved_at").asText()) : Instant.EPOCH;
            lastSaved.set(Optional.of(new Saved(c, at)));
            return c;
        } catch (NoSuchFileException e) {
            return Counters.ZERO;
        } catch (IOException | RuntimeException e) {
            try {
                Path aside = AtomicFile.quarantine(file);
                Logger.error("lamp: counters in {} could not be read ({}); moved aside to {}, counting again from zero",
                        file, e.getMessage(), aside);
            } catch (IOException moveFailed) {
                Logger.error("lamp: counters in {} could not be read ({}) nor moved aside ({}); counting again from zero",
                        file, e.getMessage(), moveFailed.getMessage());
            }
            return Counters.ZERO;
        }
    }

    public void save(Counters c, Instant at) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        n.put("saved_at", at.toString());
        n.put("energy_wh", c.energyWh());
        n.put("burning_ms", c.burningMillis());
        n.put("switch_count", c.switchCount());
        n.put("metered_lit_ms", c.meteredLitMillis());
        n.put("full_power_watts", c.fullPowerWatts());
        c.lastSwitchOn().ifPresent(t -> n.put("last_switch_on", t.toString()));
        c.energySince().ifPresent(t -> n.put("energy_since", t.toString()));
        c.tonight().ifPresent(night -> putNight(n, "tonight", night));
        c.lastNight().ifPresent(night -> putNight(n, "last_night", night));
        AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        lastSaved.set(Optional.of(new Saved(c, at)));
    }

    private static void putNight(ObjectNode n, String field, NightEnergy night) {
        ObjectNode o = n.putObject(field);
        o.put("evening", night.evening().toString());
        o.put("energy_wh", night.energyWh());
        o.put("lit_ms", night.litMillis());
    }

    /** Absent in files written before the field existed. */
    private static Optional<Instant> instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(Instant.parse(n.get(field).asText())) : Optional.empty();
    }

    /** Absent in files written before the field existed. */
    private static Optional<NightEnergy> night(JsonNode n, String field) throws IOException {
        JsonNode o = n.get(field);
        if (o == null || o.isNull()) {
            return Optional.empty();
        }
        if (!o.hasNonNull("evening")) {
            throw new IOException("no evening in " + field);
        }
        return Optional.of(new NightEnergy(LocalDate.parse(o.get("evening").asText()), number(o, "energy_wh"),
                o.path("lit_ms").asLong()));
    }

    private static double number(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IOException("no number " + field);
        }
        return v.doubleValue();
    }
}
