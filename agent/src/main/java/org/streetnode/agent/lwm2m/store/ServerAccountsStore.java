package org.streetnode.agent.lwm2m.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.streetnode.agent.config.SecretFiles;
import org.streetnode.agent.files.AtomicFile;

/**
 * The LwM2M Security (0) and Server (1) object instances a bootstrap server wrote (or a server
 * changed afterwards), kept in the data directory so the node registers directly after a restart.
 *
 * <p>One file, {@code lwm2m-accounts.json}, mode 0600 (it holds keys), replaced atomically
 * ({@link AtomicFile}): a power cut leaves the old state or the new one, never half of either.
 * It records the two objects in SenML JSON (RFC 8428, as LwM2M 1.1 encodes them) together with
 * a fingerprint of the factory configuration they grew from, so a technician's new
 * configuration is not silently overridden by an old bootstrap.
 */
public final class ServerAccountsStore {
    public static final String FILE_NAME = "lwm2m-accounts.json";
    private static final List<LwM2mPath> PATHS = List.of(new LwM2mPath(LwM2mId.SECURITY), new LwM2mPath(LwM2mId.SERVER));

    private final Path file;
    private final LwM2mModel model;
    private final Clock clock;
    /** Parse errors must never quote the file: it holds keys. */
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build());
    private final DefaultLwM2mEncoder encoder = new DefaultLwM2mEncoder();
    private final DefaultLwM2mDecoder decoder = new DefaultLwM2mDecoder();

    /** The two objects, as read through the client itself (secrets included). */
    public record Accounts(LwM2mObject security, LwM2mObject server) {
    }

    /** What the data directory holds. */
    public sealed interface Stored {
    }

    /** Nothing was ever kept (or it was forgotten by a factory reset). */
    public record Nothing() implements Stored {
    }

    public record Kept(Accounts accounts) implements Stored {
    }

    /** Kept for an earlier factory configuration: the current one replaces it. */
    public record Outdated() implements Stored {
    }

    /** The file cannot be used; the node starts from its factory configuration. */
    public record Unusable(String why) implements Stored {
    }

    public ServerAccountsStore(Path dataDir, LwM2mModel model, Clock clock) {
        this.file = dataDir.resolve(FILE_NAME);
        this.model = model;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** A fingerprint of the factory accounts: SHA-256 of their SenML encoding. */
    public String fingerprint(Accounts factory) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encode(factory)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public synchronized void save(Accounts accounts, String factoryFingerprint) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("format", 1);
        root.put("factory", factoryFingerprint);
        root.put("saved", clock.instant().toString());
        root.set("objects", json.readTree(encode(accounts)));
        AtomicFile.writePrivate(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    public synchronized Stored load(String factoryFingerprint) {
        if (!Files.exists(file)) {
            return new Nothing();
        }
        try {
            JsonNode root = json.readTree(SecretFiles.readPrivate(file));
            if (root == null || root.path("format").asInt() != 1 || !root.path("objects").isArray()) {
                return new Unusable(file + " is not an account file of this agent");
            }
            if (!factoryFingerprint.equals(root.path("factory").asText())) {
                return new Outdated();
            }
            Map<LwM2mPath, LwM2mNode> nodes = decoder.decodeNodes(
                    json.writeValueAsBytes(root.get("objects")), ContentFormat.SENML_JSON, PATHS, model);
            if (nodes.get(PATHS.get(0)) instanceof LwM2mObject security
                    && nodes.get(PATHS.get(1)) instanceof LwM2mObject server) {
                return new Kept(new Accounts(security, server));
            }
            return new Unusable(file + " lacks the Security or the Server object");
        } catch (CodecException | IllegalArgumentException e) {
            // the decoder's messages may quote values, and values here are keys
            return new Unusable(file + ": its SenML content does not decode (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            return new Unusable(file + ": " + e.getMessage());
        }
    }

    /** Moves an unusable file aside (kept for a look, never read again) and returns where. */
    public synchronized Path quarantine() throws IOException {
        Path aside = file.resolveSibling(FILE_NAME + ".unusable-" + clock.millis());
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    /** Forgets the kept accounts (factory reset, or a new factory configuration). */
    public synchronized void forget() throws IOException {
        Files.deleteIfExists(file);
    }

    private byte[] encode(Accounts accounts) {
        Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
        nodes.put(PATHS.get(0), accounts.security());
        nodes.put(PATHS.get(1), accounts.server());
        return encoder.encodeNodes(nodes, ContentFormat.SENML_JSON, model);
    }

    /** For messages: never the content (it holds keys). */
    @Override
    public String toString() {
        return "ServerAccountsStore[" + file + "]";
    }
}
