package org.streetnode.agent.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.streetnode.agent.files.AtomicFile;
import org.tinylog.Logger;

/**
 * {@code state.json} in the spool: the {@link UpdateStatus} and which download the partial file
 * belongs to, replaced atomically on every change. A restart finds the update where it was: a
 * download goes on (a pull resumes by itself, a push waits for its next block), a downloaded
 * package still waits, an update still waits for its outcome. Nothing here is reset to idle by
 * a restart, and nothing is reported as updated that the install helper did not report.
 */
final class UpdateStore {
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What is kept.
     *
     * @param status the state
     * @param partOf the URI whose download {@code download.part} holds, so that writing the same
     *     URI again resumes it (empty for a push, or no partial download)
     * @param previousVersion the version that ran before the last successful update
     */
    record Saved(UpdateStatus status, Optional<URI> partOf, Optional<String> previousVersion) {
        static final Saved NOTHING = new Saved(UpdateStatus.INITIAL, Optional.empty(), Optional.empty());
    }

    private final Path file;

    UpdateStore(Path file) {
        this.file = file;
    }

    Saved load() {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            if (n == null || n.path("version").asInt() != VERSION) {
                throw new IOException("not a version " + VERSION + " update state");
            }
            return read(n);
        } catch (NoSuchFileException e) {
            return Saved.NOTHING;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            try {
                Files.move(file, aside);
                Logger.error("update: state in {} could not be read ({}); moved aside to {}; starting idle", file,
                        e.getMessage(), aside);
            } catch (IOException moveFailed) {
                Logger.error("update: state in {} could not be read ({}) nor moved aside ({}); starting idle", file,
                        e.getMessage(), moveFailed.getMessage());
            }
            return Saved.NOTHING;
        }
    }

    void save(Saved saved) throws IOException {
        UpdateStatus s = saved.status();
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        n.put("phase", s.phase().name());
        n.put("result", s.result().name());
        s.source().ifPresent(src -> n.put("source", switch (src) {
            case PackageSource.Push p -> "push";
            case PackageSource.Pull p -> p.uri().toString();
        }));
        s.downloaded().ifPresent(m -> n.put("manifest", new String(m.toBytes(), StandardCharsets.UTF_8)));
        n.put("reason", s.reason());
        saved.partOf().ifPresent(u -> n.put("part_of", u.toString()));
        saved.previousVersion().ifPresent(v -> n.put("previous_version", v));
        AtomicFile.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }

    private static Saved read(JsonNode n) {
        UpdatePhase phase = UpdatePhase.valueOf(n.path("phase").asText());
        UpdateResult result = UpdateResult.valueOf(n.path("result").asText());
        Optional<PackageSource> source = text(n, "source")
                .map(s -> s.equals("push") ? new PackageSource.Push() : new PackageSource.Pull(URI.create(s)));
        Optional<Manifest> manifest = text(n, "manifest").map(t -> Manifest.parse(t.getBytes(StandardCharsets.UTF_8)));
        if ((phase == UpdatePhase.DOWNLOADING) != source.isPresent()) {
            throw new IllegalArgumentException("phase " + phase + (source.isPresent() ? " with" : " without") + " a source");
        }
        if ((phase == UpdatePhase.DOWNLOADED || phase == UpdatePhase.UPDATING) != manifest.isPresent()) {
            throw new IllegalArgumentException("phase " + phase + (manifest.isPresent() ? " with" : " without") + " a package");
        }
        return new Saved(new UpdateStatus(phase, result, source, manifest, n.path("reason").asText("")),
                text(n, "part_of").map(URI::create), text(n, "previous_version"));
    }

    private static Optional<String> text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
