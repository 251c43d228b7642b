package org.streetnode.agent.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.config.SecretFiles;

/**
 * What provisioning will write: the edited config text, the new credential files, the list of
 * changes in words, and the onboarding data. Nothing is written here. Credentials the config
 * already has are kept when they still fit (same account, mode and identity, files in order),
 * so re-provisioning to fix a location does not break the platform's onboarding.
 *
 * <p>Every file provisioning makes has a new name (a time stamp and a random suffix), so the
 * old config keeps pointing at intact old files until the new config replaces it in one rename.
 */
public record ProvisionPlan(String configText, List<NewFile> files, List<String> changes, Onboarding onboarding) {
    static final String SECRETS = "secrets";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    public ProvisionPlan {
        files = List.copyOf(files);
        changes = List.copyOf(changes);
    }

    /**
     * A file to write.
     *
     * @param relative its path relative to the config directory, as the config names it
     * @param secret whether it goes in the secrets directory with mode 0600 (else like the config)
     */
    public record NewFile(String relative, byte[] content, boolean secret) {
    }

    /**
     * @param current the config's text now (the shipped default on a fresh node)
     * @param currentTree the same, parsed
     */
    static ProvisionPlan of(Path configDir, String current, JsonNode currentTree, NodeAnswers a, Clock clock,
            SecureRandom random) throws IOException {
        TomlEditor toml = new TomlEditor(current);
        List<String> changes = new ArrayList<>();
        List<NewFile> files = new ArrayList<>();
        String stamp = STAMP.format(clock.instant()) + "-" + suffix(random);

        set(toml, currentTree, changes, "node", "endpoint", TomlEditor.quote(a.endpoint()), a.endpoint());
        set(toml, currentTree, changes, "node", "board", TomlEditor.quote(a.board()), a.board());
        set(toml, currentTree, changes, "location", "latitude", Double.toString(a.latitude()), a.latitude());
        set(toml, currentTree, changes, "location", "longitude", Double.toString(a.longitude()), a.longitude());

        boolean bootstrap = a.server().kind() == NodeAnswers.Server.Kind.BOOTSTRAP;
        String account = bootstrap ? "lwm2m.bootstrap" : "lwm2m";
        JsonNode accountTree = bootstrap ? currentTree.path("lwm2m").path("bootstrap") : currentTree.path("lwm2m");
        if (bootstrap) {
            if (currentTree.path("lwm2m").has("server_uri")) {
                toml.remove("lwm2m", "server_uri");
                changes.add("lwm2m.server_uri: removed (the bootstrap server gives the node its server)");
            }
        } else if (currentTree.path("lwm2m").has("bootstrap")) {
            toml.removeTable("lwm2m.bootstrap");
            changes.add("[lwm2m.bootstrap]: removed (the node registers with its server directly)");
        }
        set(toml, currentTree, changes, account, "server_uri", TomlEditor.quote(a.server().uri().toString()), a.server().uri().toString());
        set(toml, currentTree, changes, account, "security", TomlEditor.quote(a.security().word()), a.security().word());

        Onboarding onboarding = switch (a.security()) {
            case PSK -> psk(configDir, toml, accountTree, account, a, stamp, random, files, changes);
            case RPK -> rpk(configDir, toml, accountTree, account, a, stamp, random, files, changes);
        };
        if (a.releaseKey().isPresent()) {
            releaseKey(a.releaseKey().get(), toml, stamp, files, changes);
        }
        return new ProvisionPlan(toml.text(), files, changes, onboarding);
    }

    private static Onboarding psk(Path configDir, TomlEditor toml, JsonNode account, String table, NodeAnswers a,
            String stamp, SecureRandom random, List<NewFile> files, List<String> changes) {
        String identity = a.endpoint();
        Optional<String> keptFile = text(account.path("psk").path("key_file"))
                .filter(f -> !a.newCredentials() && "psk".equals(text(account.path("security")).orElse("psk"))
                        && text(account.path("psk").path("identity")).equals(Optional.of(identity))
                        && SecretFiles.checkPrivate(configDir.resolve(f)).isEmpty());
        set(toml, account, changes, table + ".psk", "identity", TomlEditor.quote(identity), identity, "psk", "identity");
        if (keptFile.isPresent()) {
            changes.add(table + ".psk: key kept (" + keptFile.get() + ")");
            return new Onboarding(a.endpoint(), a.server(), a.security(), Optional.of(identity), Optional.empty(), Optional.empty());
        }
        NodeCredentials.Psk psk = NodeCredentials.newPsk(identity, random);
        String file = SECRETS + "/psk-" + stamp + ".hex";
        files.add(new NewFile(file, (psk.keyHex() + "\n").getBytes(StandardCharsets.US_ASCII), true));
        toml.set(table + ".psk", "key_file", TomlEditor.quote(file));
        changes.add(table + ".psk: new key made on the node (" + file + ")");
        return new Onboarding(a.endpoint(), a.server(), a.security(), Optional.of(identity), Optional.of(psk.keyHex()), Optional.empty());
    }

    private static Onboarding rpk(Path configDir, TomlEditor toml, JsonNode account, String table, NodeAnswers a,
            String stamp, SecureRandom random, List<NewFile> files, List<String> changes) throws IOException {
        JsonNode rpk = account.path("rpk");
        Optional<String> keptPrivate = text(rpk.path("private_key_file"))
                .filter(f -> !a.newCredentials() && "rpk".equals(text(account.path("security")).orElse(""))
                        && SecretFiles.checkPrivate(configDir.resolve(f)).isEmpty());
        Optional<String> keptPublic = text(rpk.path("public_key_file")).filter(f -> Files.isReadable(configDir.resolve(f)));
        PublicKey nodePublic;
        if (keptPrivate.isPresent() && keptPublic.isPresent()) {
            nodePublic = Pem.readPublicKey(configDir.resolve(keptPublic.get()));
            changes.add(table + ".rpk: key pair kept (" + keptPrivate.get() + ")");
        } else {
            NodeCredentials.Rpk made = NodeCredentials.newRpk(random);
            String privateFile = SECRETS + "/node-" + stamp + ".key";
            String publicFile = "node-" + stamp + ".pub";
            files.add(new NewFile(privateFile, Pem.encode("PRIVATE KEY", made.pair().getPrivate().getEncoded())
                    .getBytes(StandardCharsets.US_ASCII), true));
            files.add(new NewFile(publicFile, Pem.encode("PUBLIC KEY", made.pair().getPublic().getEncoded())
                    .getBytes(StandardCharsets.US_ASCII), false));
            toml.set(table + ".rpk", "private_key_file", TomlEditor.quote(privateFile));
            toml.set(table + ".rpk", "public_key_file", TomlEditor.quote(publicFile));
            changes.add(table + ".rpk: new EC P-256 key pair made on the node (" + privateFile + ", " + publicFile + ")");
            nodePublic = made.pair().getPublic();
        }
        if (a.serverPublicKey().isPresent()) {
            String serverFile = "server-" + stamp + ".pub";
            files.add(new NewFile(serverFile, Pem.encode("PUBLIC KEY", Pem.readPublicKey(a.serverPublicKey().get()).getEncoded())
                    .getBytes(StandardCharsets.US_ASCII), false));
            toml.set(table + ".rpk", "server_public_key_file", TomlEditor.quote(serverFile));
            changes.add(table + ".rpk: server public key from " + a.serverPublicKey().get() + " (" + serverFile + ")");
        } else if (text(rpk.path("server_public_key_file")).isEmpty()) {
            throw new IOException("rpk needs the server's public key (--server-public-key FILE)");
        }
        String base64 = java.util.Base64.getEncoder().encodeToString(nodePublic.getEncoded());
        return new Onboarding(a.endpoint(), a.server(), a.security(), Optional.empty(), Optional.empty(), Optional.of(base64));
    }

    /**
     * Pins the city's release key: a copy beside the config (root's directory, like the config
     * itself, so that neither the agent nor anyone else but root can swap it: it decides what
     * the node installs), named by {@code [update] release_key}.
     */
    private static void releaseKey(Path from, TomlEditor toml, String stamp, List<NewFile> files, List<String> changes)
            throws IOException {
        PublicKey key = Pem.readPublicKey(from);
        String file = "update-release-" + stamp + ".pub";
        files.add(new NewFile(file, Pem.encode("PUBLIC KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII), false));
        toml.set("update", "release_key", TomlEditor.quote(file));
        changes.add("update.release_key: " + file + " from " + from + " (fingerprint "
                + org.streetnode.agent.update.SignatureScheme.fingerprint(key) + ")");
    }

    private static void set(TomlEditor toml, JsonNode tree, List<String> changes, String table, String key, String literal,
            Object value) {
        JsonNode node = tree;
        for (String part : table.split("\\.")) {
            node = node.path(part);
        }
        record(changes, table + "." + key, node.path(key), value);
        toml.set(table, key, literal);
    }

    /** Sets a key of an account table, comparing with the value under {@code path} of {@code account}. */
    private static void set(TomlEditor toml, JsonNode account, List<String> changes, String table, String key, String literal,
            Object value, String... path) {
        JsonNode node = account;
        for (String part : path) {
            node = node.path(part);
        }
        record(changes, table + "." + key, node, value);
        toml.set(table, key, literal);
    }

    private static void record(List<String> changes, String key, JsonNode old, Object value) {
        String now = String.valueOf(value);
        if (old.isMissingNode() || old.isNull()) {
            changes.add(key + ": " + now);
        } else if (!old.asText().equals(now) && !(old.isNumber() && value instanceof Double d && old.asDouble() == d)) {
            changes.add(key + ": " + old.asText() + " -> " + now);
        }
    }

    private static String suffix(SecureRandom random) {
        byte[] b = new byte[2];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
