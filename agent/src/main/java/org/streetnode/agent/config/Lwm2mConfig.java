package org.streetnode.agent.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.streetnode.agent.units.Units;

/**
 * {@code [lwm2m]}: the platform's LwM2M server (or the bootstrap server that tells the node which
 * one), how the node authenticates, and how it keeps in touch.
 *
 * @param server the LwM2M server of the factory configuration, if the config names one
 * @param bootstrap the bootstrap server ({@code [lwm2m.bootstrap]}), if the config names one; at
 *     least one of the two is present
 * @param lab whether this is an explicit lab setup (the only case NoSec is allowed)
 * @param lifetime registration lifetime; the node updates its registration before it ends
 * @param shortServerId the server's short id in the Security and Server objects
 * @param localPort the UDP port of the node's DTLS endpoint (0: any free port)
 * @param autoHandshakeTimeout after this long without traffic the node resumes its DTLS session
 *     before it sends again (NAT bindings may have expired); empty turns it off
 * @param requestTimeout how long the node waits for an answer to a register, update or
 *     bootstrap request, CoAP retransmissions included
 * @param retry the factory values of the Server object's retry resources (17-20)
 * @param maxToolSessions how many DTLS sessions other peers (the platform's CoAP tools) may hold
 *     with the node at once; when a new one comes, the least recently used goes, never the
 *     node's session with its own server
 */
public record Lwm2mConfig(Optional<ServerAccount> server, Optional<ServerAccount> bootstrap, boolean lab,
        Duration lifetime, int shortServerId, int localPort, Optional<Duration> autoHandshakeTimeout,
        Duration requestTimeout, Retry retry, int maxToolSessions) {

    /** The server the node contacts first: its LwM2M server, or else its bootstrap server. */
    public Optional<ServerAccount> firstContact() {
        return server.or(() -> bootstrap);
    }

    /** A server the node talks to: where it is and how each side proves itself. */
    public record ServerAccount(URI uri, ServerSecurity security) {
    }

    /**
     * {@code [lwm2m.retry]}: the node's defaults for LwM2M 1.1 Server resources 17-20, used until
     * a bootstrap server writes its own, and how the node's retries behave whatever their values.
     * The core specification's defaults (5 attempts, 60 s, 24 h, 1 sequence) would leave a node
     * dark for a day after a short outage. These try once a minute for as long as the server is
     * away, so that after an outage of any length the nodes come back within about a minute of
     * the server's return, evenly spread over that minute (BENCHMARKS.md, the outage at 1,000
     * nodes).
     *
     * @param attempts Communication Retry Count (17): attempts in one sequence
     * @param firstWait Communication Retry Timer (18): the wait after the first failed attempt,
     *     doubled after each further one
     * @param sequenceWait Communication Sequence Delay Timer (19): the wait between sequences
     * @param sequences Communication Sequence Retry Count (20): failed sequences before the
     *     node asks its bootstrap server again (when it has one)
     * @param jitter whether the first wait after the node lost its server is drawn at random
     *     (between nothing and its full value), which gives each node a random phase that its
     *     later, exact waits keep; off, every wait is exactly what resources 17-20 say
     * @param probeTimeout how long a registration attempt that follows one the server did not
     *     answer (a probe) may take; its DTLS handshake does not retransmit within it, so the
     *     nodes wait between attempts instead of retransmitting into the moment the server
     *     returns. Never longer than the request timeout (the default is cut to it)
     */
    public record Retry(int attempts, Duration firstWait, Duration sequenceWait, int sequences, boolean jitter,
            Duration probeTimeout) {
        public static final Retry DEFAULT = new Retry(1, Duration.ofSeconds(30), Duration.ofMinutes(1), 60, true,
                Duration.ofSeconds(10));
    }

    enum Mode { PSK, RPK, X509, NOSEC }

    static Lwm2mConfig read(ConfigTable t, ConfigReading reading) {
        boolean lab = t.bool("lab", false);
        Optional<ServerAccount> server;
        if (t.has("server_uri")) {
            server = Optional.of(account(t, reading, lab, ""));
        } else {
            if (!t.has("bootstrap")) {
                t.problem("server_uri", "missing: the LwM2M server's URI (coaps://host:5684), or a [lwm2m.bootstrap] "
                        + "table naming the bootstrap server that provides it");
            }
            server = skipAccount(t);
        }
        Duration lifetime = t.duration("lifetime", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(1));
        int shortServerId = t.integer("short_server_id", 1, 1, 65534);
        int localPort = t.integer("local_port", 5684, 0, 65535);
        Duration autoHandshake = t.duration("auto_handshake_timeout", Duration.ofMinutes(2), Duration.ZERO, Duration.ofDays(1));
        Duration requestTimeout = t.duration("request_timeout", Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofMinutes(10));
        int maxToolSessions = t.integer("max_tool_sessions", 16, 1, 1000);
        Retry retry = retry(t.table("retry"), requestTimeout);
        Optional<ServerAccount> bootstrap = t.has("bootstrap")
                ? Optional.of(account(t.table("bootstrap"), reading, lab,
                        "missing: the bootstrap server's URI (coaps://host:5684)"))
                : Optional.empty();
        return new Lwm2mConfig(server, bootstrap, lab, lifetime, shortServerId, localPort,
                autoHandshake.isZero() ? Optional.empty() : Optional.of(autoHandshake), requestTimeout, retry,
                maxToolSessions);
    }

    private static Retry retry(ConfigTable t, Duration requestTimeout) {
        Retry d = Retry.DEFAULT;
        Retry r = new Retry(
                t.integer("attempts", d.attempts(), 1, 100),
                t.duration("first_wait", d.firstWait(), Duration.ofSeconds(1), Duration.ofDays(1)),
                t.duration("sequence_wait", d.sequenceWait(), Duration.ofSeconds(1), Duration.ofDays(7)),
                t.integer("sequences", d.sequences(), 1, 1000),
                t.bool("jitter", d.jitter()),
                t.duration("probe_timeout", d.probeTimeout(), Duration.ofMillis(200), Duration.ofSeconds(30)));
        if (r.probeTimeout().compareTo(requestTimeout) <= 0) {
            return r;
        }
        if (t.has("probe_timeout")) {
            t.problem("probe_timeout", "must not be longer than [lwm2m] request_timeout ("
                    + Units.formatDuration(requestTimeout) + "): a probe is the short form of a registration attempt");
        }
        // the default probe timeout, with a request timeout shorter than it: the request's
        return new Retry(r.attempts(), r.firstWait(), r.sequenceWait(), r.sequences(), r.jitter(), requestTimeout);
    }

    /** A bootstrap-only factory config: the server's keys are still checked for typos, not loaded. */
    private static Optional<ServerAccount> skipAccount(ConfigTable t) {
        t.optionalString("security");
        acknowledge(t.table("psk"), "identity", "key_file");
        acknowledge(t.table("rpk"), "private_key_file", "public_key_file", "server_public_key_file");
        acknowledge(t.table("x509"), "certificate_file", "private_key_file", "trust_file");
        return Optional.empty();
    }

    /** {@code server_uri}, {@code security} and the chosen mode's credentials table of {@code t}. */
    private static ServerAccount account(ConfigTable t, ConfigReading reading, boolean lab, String whenMissing) {
        URI uri = serverUri(t, whenMissing);
        Mode mode = t.choice("security", Mode.PSK);

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
        return new ServerAccount(uri == null ? URI.create("coaps://invalid:5684") : uri, security);
    }

    private static URI serverUri(ConfigTable t, String whenMissing) {
        Optional<String> written = t.optionalString("server_uri");
        if (written.isEmpty()) {
            if (!t.has("server_uri")) {
                t.problem("server_uri", whenMissing);
            }
            return null;
        }
        String text = written.get().strip();
        if (text.isEmpty()) {
            t.problem("server_uri", "must not be empty: write it as coaps://host:5684");
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
