package org.streetnode.agent.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code [lwm2m]}: the platform's LwM2M server and how the node authenticates to it.
 *
 * @param serverUri {@code coaps://host:port} (or {@code coap://} in a lab)
 * @param security the DTLS mode and its credentials, loaded from their 0600 files
 * @param lab whether this is an explicit lab setup (the only case NoSec is allowed)
 * @param lifetime registration lifetime; the node updates its registration before it ends
 * @param shortServerId the server's short id in the Security and Server objects
 */
public record Lwm2mConfig(URI serverUri, ServerSecurity security, boolean lab, Duration lifetime, int shortServerId) {

    enum Mode { PSK, RPK, X509, NOSEC }

    static Lwm2mConfig read(ConfigTable t, ConfigReading reading) {
        URI uri = serverUri(t);
        boolean lab = t.bool("lab", false);
        Mode mode = t.choice("security", Mode.PSK);
        Duration lifetime = t.duration("lifetime", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(1));
        int shortServerId = t.integer("short_server_id", 1, 1, 65534);

        // Credentials tables of other modes may stay in the file (switching back is one word);
        // their keys are still checked for typos, but only the chosen mode's files are loaded.
        ConfigTable psk = t.table("psk");
        ConfigTable rpk = t.table("rpk");
        ConfigTable x509 = t.table("x509");
        ServerSecurity security = switch (mode) {
            case PSK -> psk(psk, reading);
            case RPK -> rpk(rpk, reading);
            case X509 -> x509(x509, reading);
            case NOSEC -> new ServerSecurity.NoSec();
        };
        if (mode != Mode.PSK) {
            acknowledge(psk, "identity", "key_file");
        }
        if (mode != Mode.RPK) {
            acknowledge(rpk, "private_key_file", "public_key_file", "server_public_key_file");
        }
        if (mode != Mode.X509) {
            acknowledge(x509, "certificate_file", "private_key_file", "trust_file");
        }

        if (mode == Mode.NOSEC && !lab) {
            t.problem("security", "\"nosec\" sends everything in clear text and is refused outside a lab setup; "
                    + "use \"psk\", \"rpk\" or \"x509\", or set lab = true on a test bench");
        }
        if (uri != null) {
            boolean secure = uri.getScheme().equals("coaps");
            if (mode == Mode.NOSEC && secure) {
                t.problem("server_uri", "coaps:// needs DTLS but security is \"nosec\"; use coap:// in the lab");
            } else if (mode != Mode.NOSEC && !secure) {
                t.problem("server_uri", "coap:// is not encrypted; with security = \"" + ConfigTable.word(mode)
                        + "\" the URI must start with coaps://");
            }
        }
        return new Lwm2mConfig(uri == null ? URI.create("coaps://invalid:5684") : uri, security, lab, lifetime, shortServerId);
    }

    private static URI serverUri(ConfigTable t) {
        String text = t.requiredString("server_uri");
        if (text.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (!"coap".equals(uri.getScheme()) && !"coaps".equals(uri.getScheme())) {
                t.problem("server_uri", "\"" + text + "\" must start with coaps:// (or coap:// in a lab)");
                return null;
            }
            if (uri.getHost() == null) {
                t.problem("server_uri", "\"" + text + "\" has no host; write it as coaps://host:5684");
                return null;
            }
            if (uri.getPort() == -1) {
                uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getScheme().equals("coaps") ? 5684 : 5683, null, null, null);
            }
            return uri;
        } catch (URISyntaxException e) {
            t.problem("server_uri", "\"" + text + "\" is not a valid URI: " + e.getReason());
            return null;
        }
    }

    /** Marks the keys of an unused credentials table as known, type-checked but not required. */
    private static void acknowledge(ConfigTable t, String... keys) {
        for (String key : keys) {
            t.optionalString(key);
        }
    }

    private static ServerSecurity psk(ConfigTable t, ConfigReading reading) {
        String identity = t.requiredString("identity");
        Path keyFile = t.requiredPath("key_file");
        Secret key = new Secret(new byte[0]);
        if (!keyFile.toString().isEmpty()) {
            try {
                key = SecretFiles.readHexKey(keyFile);
                reading.describeEffective(t.path() + ".key_file", ConfigTable.quote(keyFile.toString())
                        + "  # secret: " + key.length() + " bytes, private file");
            } catch (IOException e) {
                t.problem("key_file", e.getMessage());
            }
        }
        return new ServerSecurity.Psk(identity, key, keyFile);
    }

    private static ServerSecurity rpk(ConfigTable t, ConfigReading reading) {
        Path privateFile = t.requiredPath("private_key_file");
        Path publicFile = t.requiredPath("public_key_file");
        Path serverFile = t.requiredPath("server_public_key_file");
        try {
            var privateKey = Pem.readPrivateKey(privateFile);
            reading.describeEffective(t.path() + ".private_key_file",
                    ConfigTable.quote(privateFile.toString()) + "  # secret: " + privateKey.getAlgorithm() + " private key, private file");
            return new ServerSecurity.Rpk(privateKey, Pem.readPublicKey(publicFile), Pem.readPublicKey(serverFile));
        } catch (IOException e) {
            t.problem(keyOf(e, t, "private_key_file", privateFile, "public_key_file", publicFile,
                    "server_public_key_file", serverFile), e.getMessage());
            return new ServerSecurity.NoSec();
        }
    }

    private static ServerSecurity x509(ConfigTable t, ConfigReading reading) {
        Path certFile = t.requiredPath("certificate_file");
        Path keyFile = t.requiredPath("private_key_file");
        Path trustFile = t.requiredPath("trust_file");
        try {
            var chain = Pem.readCertificates(certFile);
            var privateKey = Pem.readPrivateKey(keyFile);
            reading.describeEffective(t.path() + ".private_key_file",
                    ConfigTable.quote(keyFile.toString()) + "  # secret: " + privateKey.getAlgorithm() + " private key, private file");
            return new ServerSecurity.X509(chain, privateKey, Pem.readCertificates(trustFile));
        } catch (IOException e) {
            t.problem(keyOf(e, t, "certificate_file", certFile, "private_key_file", keyFile, "trust_file", trustFile),
                    e.getMessage());
            return new ServerSecurity.NoSec();
        }
    }

    /** The key whose file the error is about, so the problem points at the right line. */
    private static String keyOf(IOException e, ConfigTable t, Object... keysAndFiles) {
        String msg = Optional.ofNullable(e.getMessage()).orElse("");
        for (int i = 0; i < keysAndFiles.length; i += 2) {
            Path file = (Path) keysAndFiles[i + 1];
            if (!file.toString().isEmpty() && msg.contains(file.toString())) {
                return (String) keysAndFiles[i];
            }
        }
        return List.of(keysAndFiles).get(0).toString();
    }
}
