package org.streetnode.agent.lighting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.program.InvalidProgramException;
import org.streetnode.agent.program.ProgramFormat;
import org.tinylog.Logger;

/**
 * {@code lighting.json} in the data directory: the {@link LightingState}, replaced atomically on
 * every change. The program is kept in its text form, so the file reads like the config. A file
 * that cannot be read is moved aside and lighting starts from the config, with an error in the
 * log: a damaged file must never keep the lamp from its program.
 */
final class LightingStateStore {
    static final String FILE_NAME = "lighting.json";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    LightingStateStore(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    LightingState load(Instant now) {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            if (n == null || n.path("version").asInt() != VERSION) {
                throw new IOException("not a version " + VERSION + " lighting state");
            }
            return read(n, now);
        } catch (NoSuchFileException e) {
            return LightingState.EMPTY;
        } catch (IOException | RuntimeException | InvalidProgramException e) {
            try {
                Path aside = AtomicFile.quarantine(file);
                Logger.error("lighting: state in {} could not be read ({}); moved aside to {}; using the config's program",
                        file, e.getMessage(), aside);
            } catch (IOException moveFailed) {
                Logger.error("lighting: state in {} could not be read ({}) nor moved aside ({}); using the config's program",
                        file, e.getMessage(), moveFailed.getMessage());
            }
            return LightingState.EMPTY;
        }
    }

    void save(LightingState s) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        s.program().ifPresent(p -> {
            ObjectNode o = n.putObject("program");
            o.put("text", p.program().format());
            o.put("by", p.by());
            o.put("at", p.at().toString());
        });
        s.photocell().ifPresent(t -> {
            ObjectNode o = n.putObject("photocell");
            o.put("on_lux", t.onLux());
            o.put("off_lux", t.offLux());
        });
        ArrayNode overrides = n.putArray("overrides");
        for (LampOverride o : s.overrides()) {
            ObjectNode v = overrides.addObject();
            v.put("level", o.level());
            v.put("source", o.source().name());
            v.put("by", o.by());
            o.until().ifPresent(t -> v.put("until", t.toString()));
            o.from().ifPresent(t -> v.put("from", t.toString()));
        }
        AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }

    private static LightingState read(JsonNode n, Instant now) throws InvalidProgramException {
        Optional<LightingState.StoredProgram> program = Optional.empty();
        if (n.hasNonNull("program")) {
            JsonNode p = n.get("program");
            program = Optional.of(new LightingState.StoredProgram(ProgramFormat.parse(p.path("text").asText()),
                    p.path("by").asText(), Instant.parse(p.path("at").asText())));
        }
        Optional<PhotocellThresholds> photocell = Optional.empty();
        if (n.hasNonNull("photocell")) {
            JsonNode p = n.get("photocell");
            photocell = Optional.of(new PhotocellThresholds(p.path("on_lux").asDouble(), p.path("off_lux").asDouble()));
        }
        List<LampOverride> overrides = new ArrayList<>();
        for (JsonNode o : n.path("overrides")) {
            LampOverride override = new LampOverride(o.path("level").asDouble(), instant(o, "until"),
                    LampOverride.Source.valueOf(o.path("source").asText()), o.path("by").asText(), instant(o, "from"));
            if (!override.endedBy(now)) {
                overrides.add(override);
            }
        }
        return new LightingState(program, photocell, overrides);
    }

    private static Optional<Instant> instant(JsonNode o, String field) {
        return o.hasNonNull(field) ? Optional.of(Instant.parse(o.get(field).asText())) : Optional.empty();
    }
}
