package org.streetnode.agent.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.streetnode.agent.files.AtomicFile;

/**
 * The install under way, kept in the helper's own directory ({@code job.json}, root's) before
 * each step that changes the system, so that a helper stopped at any point (a crash, a power
 * cut during dpkg) finds on its next start where it was: {@link Phase#INSTALLING} and
 * {@link Phase#ROLLING_BACK} are rolled back, {@link Phase#CHECKING} is checked again.
 *
 * @param version the version being installed
 * @param previous the version it replaces
 * @param previousDeb that version's package, for the rollback
 * @param fromSpool whether the agent asked for it (the outcome goes to its spool) or a technician did
 * @param reason why it is being rolled back
 */
record Job(Phase phase, String version, String previous, Path previousDeb, boolean fromSpool, String reason) {
    enum Phase { INSTALLING, CHECKING, ROLLING_BACK }

    static final String FILE = "job.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    Job in(Phase next) {
        return new Job(next, version, previous, previousDeb, fromSpool, reason);
    }

    Job rollingBack(String why) {
        return new Job(Phase.ROLLING_BACK, version, previous, previousDeb, fromSpool, why);
    }

    void save(Path stateDir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", 1);
        n.put("phase", phase.name());
        n.put("version", version);
        n.put("previous", previous);
        n.put("previous_deb", previousDeb.toString());
        n.put("from_spool", fromSpool);
        n.put("reason", reason);
        AtomicFile.writePrivate(stateDir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }

    static Optional<Job> load(Path stateDir) throws IOException {
        Path f = stateDir.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        JsonNode n = JSON.readTree(Files.readAllBytes(f));
        try {
            return Optional.of(new Job(Phase.valueOf(n.path("phase").asText()), n.path("version").asText(),
                    n.path("previous").asText(), Path.of(n.path("previous_deb").asText()), n.path("from_spool").asBoolean(),
                    n.path("reason").asText("")));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + " is not a job this helper knows: " + e.getMessage(), e);
        }
    }

    static void clear(Path stateDir) throws IOException {
        Files.deleteIfExists(stateDir.resolve(FILE));
    }
}
