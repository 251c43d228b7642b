package org.streetnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.update.DebianVersion;
import org.streetnode.agent.update.PackageBuilder;
import org.streetnode.agent.update.SignatureScheme;

/**
 * The whole update cycle on a scratch root, where systemd is absent: the real .deb installed
 * with {@code dpkg --root}, its agent run from there (a small script stands in for systemd: it
 * restarts the agent with SIGTERM and the installed launcher) against a Leshan server in this
 * JVM. The platform pulls a signed package over HTTP (a lab setup), executes Update, and the
 * installed install helper (what the path unit would start) verifies, installs with dpkg,
 * restarts the agent, asks it over its shell socket, and either keeps the new version or rolls
 * back. First a version that never registers (its launcher points the agent at a closed port):
 * rolled back to the package the helper rebuilt from the installed files, reported as 8. Then a
 * good version: installed, proven, reported as 1, with the new version in /5/0/7 and /3/0/3.
 * The "new versions" are the real .deb re-versioned (control data and the jar's version).
 */
class UpdateCycleIT {
    private static final String ENDPOINT = "pole-cycle";
    private static final long LWM2M_TIMEOUT = 30_000;

    @TempDir
    Path tmp;

    private EmbeddedLwm2mServer server;
    private HttpServer http;
    private Path service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            Commands.run(tmp, service.toString(), "stop");
        }
        if (server != null) {
            server.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void aVersionThatNeverRegistersIsRolledBackAndReportedAsFailedThenAGoodOneIsInstalledAndReportedAsUpdated()
            throws Exception {
        PackageIT.need("dpkg", "the update cycle on a scratch root");
        PackageIT.need("dpkg-deb", "building the new versions");
        PackageIT.need("setpriv", "the helper writing in the agent's spool as its owner");
        PackageIT.needRoot("the update cycle on a scratch root (dpkg --root, setpriv)");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // the spool's owner reaches it
        StagingRoot root = StagingRoot.create(tmp.resolve("root")).withDpkgDatabase();
        PackageIT.dpkg(tmp, root, "--install", PackageIT.DEB.toString());

        KeyPair release = SignatureScheme.ED25519.generate();
        Path config = configure(root, release);
        service = serviceScript(root, config);
        Commands.ok(tmp, service.toString(), "restart");
        awaitVersion("0.1.0");

        // 1. a version that cannot reach its server
        publish(release, repackaged("0.1.1", true), "0.1.1");
        assertThat(downloadAndUpdate("0.1.1")).as("the helper's last word").startsWith("rolled-back 0.1.1 (previous 0.1.0)")
                .contains("0.1.1 did not prove itself within 1m", "not registered with its LwM2M server");
        awaitVersion("0.1.0");
        awaitRead("/5/0/5", 8L);
        assertThat(read("/5/0/3")).as("back to Downloaded").isEqualTo(2L);
        assertThat(installedVersion(root)).isEqualTo("0.1.0");
        assertThat(root.path("/var/lib/streetnode-update/kept/streetnode_0.1.0_all.deb"))
                .as("the first update's rollback package, rebuilt from the installed files").isRegularFile();

        // 2. a good version, after the platform cancelled the failed one
        assertThat(send(new WriteRequest(5, 0, 1, "")).isSuccess()).isTrue();
        Files.writeString(config, Files.readString(config).replace("health_timeout = \"1m\"", "health_timeout = \"5m\""));
        publish(release, repackaged("0.1.2", false), "0.1.2");
        assertThat(downloadAndUpdate("0.1.2")).startsWith("installed 0.1.2 (previous 0.1.0)");
        awaitVersion("0.1.2");
        awaitRead("/5/0/5", 1L);
        assertThat(read("/5/0/3")).as("Idle").isEqualTo(0L);
        assertThat(readText("/5/0/7")).isEqualTo("0.1.2");
        assertThat(installedVersion(root)).isEqualTo("0.1.2");
        assertThat(root.path("/var/lib/streetnode-update/kept/streetnode_0.1.2_all.deb"))
                .as("kept for the next update's rollback").isRegularFile();
        assertThat(root.path("/var/lib/streetnode-update/kept/streetnode_0.1.0_all.deb")).doesNotExist();
        assertThat(root.path("/var/lib/streetnode-update/job.json")).doesNotExist();
        assertThat(Files.readString(root.path("/etc/streetnode/streetnode.toml")))
                .as("the node's own configuration kept (--force-confold)").contains("endpoint = \"" + ENDPOINT + "\"");
        assertThat(Commands.ok(tmp, root.path("/usr/bin/streetnode").toString(), "shell", "--config", config.toString(),
                "update").out()).contains("update: idle; running 0.1.2 (previous 0.1.0)", "last result: 1 updated");

        // The lamp: each of the three restarts (install, rollback, install) went through the agent's stop,
        // which released the relay to its fail-safe state, and each start set the lamp before all else.
        String log = Files.readString(tmp.resolve("agent.log"));
        assertThat(count(log, "SIGTERM received")).isEqualTo(3);
        assertThat(count(log, "lamp released to its fail-safe state")).isEqualTo(3);
        assertThat(count(log, "% at start:")).isEqualTo(4);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    // ---- the node

    private String installedVersion(StagingRoot root) throws Exception {
        return Commands.ok(tmp, "dpkg-query", "--admindir=" + root.path("/var/lib/dpkg"), "--showformat=${Version}", "--show",
                "streetnode").out();
    }

    /** Root's configuration on the scratch root: the simulated board, this test's server, the pinned key, lab (HTTP pulls). */
    private Path configure(StagingRoot root, KeyPair release) throws Exception {
        server = EmbeddedLwm2mServer.start(List.of());
        byte[] psk = new byte[16];
        new java.security.SecureRandom().nextBytes(psk);
        server.allowPsk(ENDPOINT, ENDPOINT, psk);
        Path secrets = root.path("/etc/streetnode/secrets");
        Path pskFile = secrets.resolve("psk.hex");
        Files.writeString(pskFile, HexFormat.of().formatHex(psk));
        Files.setPosixFilePermissions(pskFile, PosixFilePermissions.fromString("rw-------"));
        Path key = root.path("/etc/streetnode/update-release.pub");
        Files.writeString(key, Pem.encode("PUBLIC KEY", release.getPublic().getEncoded()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(tmp.resolve("www"));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::serveRange);
        http.start();
        Path config = root.path("/etc/streetnode/streetnode.toml");
        Files.writeString(config, """
                [node]
                endpoint = "%s"
                board = "simulated"
                data_dir = "%s"
                runtime_dir = "%s"

                [lwm2m]
                server_uri = "%s"
                security = "psk"
                local_port = 0
                # lab: the package is pulled over plain HTTP from this test
                lab = true

                [lwm2m.psk]
                identity = "%s"
                key_file = "%s"

                [update]
                release_key = "%s"
                health_timeout = "1m"
                max_download_rate = "1GB"

                [shell]
                maintenance_group = "0"
                operator_group = "0"
                """.formatted(ENDPOINT, root.path("/var/lib/streetnode"), root.path("/run/streetnode"), server.coapsUri(),
                ENDPOINT, pskFile, key));
        return config;
    }

    /** Stands in for systemd: {@code restart} stops the agent with SIGTERM and starts the installed launcher. */
    private Path serviceScript(StagingRoot root, Path config) throws IOException {
        Path script = tmp.resolve("service.sh");
        Files.writeString(script, """
                #!/bin/sh
                # systemd's part for a scratch root: restart (SIGTERM, wait, start) or stop the agent.
                set -eu
                pidfile=%1$s/agent.pid
                if [ -f "$pidfile" ]; then
                  pid=$(cat "$pidfile")
                  kill "$pid" 2>/dev/null || true
                  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
                  rm -f "$pidfile"
                fi
                [ "$1" = restart ] || exit 0
                export JAVA_HOME=%2$s STREETNODE_CDS_DIR=%1$s/cds
                nohup %3$s run --config %4$s >>%1$s/agent.log 2>&1 </dev/null &
                echo $! > "$pidfile"
                """.formatted(tmp, System.getProperty("java.home"), root.path("/usr/bin/streetnode"), config));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The real .deb as {@code version}: control data, the jar's own version, checksums; {@code unreachable}: a launcher that points the agent at a closed port. */
    private Path repackaged(String version, boolean unreachable) throws Exception {
        Path tree = tmp.resolve("repack-" + version);
        Commands.ok(tmp, "dpkg-deb", "--raw-extract", PackageIT.DEB.toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replace("Version: " + PackageIT.VERSION, "Version: " + version));
        try (FileSystem jar = FileSystems.newFileSystem(tree.resolve("usr/share/streetnode/streetnode.jar"))) {
            Files.writeString(jar.getPath("org/streetnode/agent/lifecycle/version.properties"), "version=" + version + "\n");
        }
        if (unreachable) {
            Path launcher = tree.resolve("usr/bin/streetnode");
            Files.writeString(launcher, Files.readString(launcher).replace("\nset -eu\n", """

                    set -eu
                    # test build: this version runs with a copy of its config whose server is a closed port
                    if [ "${1:-}" = run ] && [ "${2:-}" = --config ]; then
                      broken=$(mktemp)
                      sed 's#^server_uri = .*#server_uri = "coaps://127.0.0.1:9"#' "$3" > "$broken"
                      set -- run --config "$broken"
                    fi
                    """));
        }
        StringBuilder sums = new StringBuilder();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(tree.resolve("DEBIAN"))).sorted().toList()) {
                sums.append(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f))))
                        .append("  ").append(tree.relativize(f)).append('\n');
            }
        }
        Files.writeString(tree.resolve("DEBIAN/md5sums"), sums.toString());
        Path deb = tmp.resolve("streetnode_" + version + "_all.deb");
        Commands.ok(tmp, "dpkg-deb", "-Zgzip", "-z1", "--root-owner-group", "--build", tree.toString(), deb.toString());
        return deb;
    }

    /** Bundled and signed with the release key, where the HTTP server serves it. */
    private void publish(KeyPair release, Path deb, String version) throws Exception {
        Path pkg = tmp.resolve("www/streetnode_" + version + ".snpkg");
        PackageBuilder.bundle(deb, DebianVersion.parse(version), DebianVersion.parse("0.1.0"), pkg);
        PackageBuilder.sign(pkg, release.getPrivate());
    }

    /**
     * As the platform: pull, wait for Downloaded, execute Update; then, as the path unit would,
     * start the installed helper on the agent's request, and return its last line.
     */
    private String downloadAndUpdate(String version) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/streetnode_" + version + ".snpkg");
        assertThat(send(new WriteRequest(5, 0, 1, uri.toString())).isSuccess()).isTrue();
        awaitRead("/5/0/3", 2L);
        assertThat(readText("/5/0/7")).isEqualTo(version);
        assertThat(send(new ExecuteRequest("/5/0/2")).isSuccess()).isTrue();
        awaitRead("/5/0/3", 3L);
        Path request = tmp.resolve("root/var/lib/streetnode/update/install-request.json");
        assertThat(request).as("the agent's request, the path unit's trigger").exists();
        Commands.Result r = Commands.run(tmp, Map.of("JAVA_HOME", System.getProperty("java.home"),
                "STREETNODE_CDS_DIR", tmp.resolve("cds").toString()), tmp.resolve("root/usr/bin/streetnode").toString(), "update",
                "install", "--from-spool", "--root", tmp.resolve("root").toString(), "--service-command", service.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> lines = Commands.lines(r.out());
        return lines.get(lines.size() - 1);
    }

    private void serveRange(com.sun.net.httpserver.HttpExchange x) throws IOException {
        Path f = tmp.resolve("www").resolve(x.getRequestURI().getPath().substring(1)).normalize();
        if (!f.startsWith(tmp.resolve("www")) || !Files.isRegularFile(f)) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        byte[] all = Files.readAllBytes(f);
        Matcher m = Pattern.compile("bytes=(\\d+)-(\\d+)").matcher(Optional.ofNullable(x.getRequestHeaders().getFirst("Range")).orElse(""));
        if (!m.matches()) {
            x.sendResponseHeaders(200, all.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(all);
            }
            return;
        }
        int from = Integer.parseInt(m.group(1));
        if (from >= all.length) {
            x.getResponseHeaders().add("Content-Range", "bytes */" + all.length);
            x.sendResponseHeaders(416, -1);
            x.close();
            return;
        }
        int to = (int) Math.min(all.length - 1L, Long.parseLong(m.group(2)));
        x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + all.length);
        x.sendResponseHeaders(206, to - from + 1);
        try (OutputStream out = x.getResponseBody()) {
            out.write(all, from, to - from + 1);
        }
    }

    // ---- the platform

    private <T extends LwM2mResponse> T send(org.eclipse.leshan.core.request.DownlinkRequest<T> request) throws Exception {
        return server.send(ENDPOINT, request, LWM2M_TIMEOUT);
    }

    private long read(String path) throws Exception {
        ReadResponse r = send(new ReadRequest(path));
        return r != null && r.isSuccess() ? (Long) ((LwM2mSingleResource) r.getContent()).getValue() : -1;
    }

    private String readText(String path) throws Exception {
        ReadResponse r = send(new ReadRequest(path));
        return r != null && r.isSuccess() ? String.valueOf(((LwM2mSingleResource) r.getContent()).getValue()) : "";
    }

    /** Until the node is registered and reads {@code value} at {@code path} (a restart in between is fine). */
    private void awaitRead(String path, long value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long last = -1;
        while (System.nanoTime() < deadline) {
            if (server.registration(ENDPOINT).isPresent()) {
                try {
                    last = read(path);
                    if (last == value) {
                        return;
                    }
                } catch (RuntimeException e) {
                    last = -2; // the registration went away under the request: ask again
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " never read " + value + " (last " + last + "); agent log:\n" + agentLog());
    }

    /** Until the registered node's Device object says it runs {@code version}. */
    private void awaitVersion(String version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (server.registration(ENDPOINT).isPresent()) {
                try {
                    last = readText("/3/0/3");
                    if (last.equals(version)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    last = e.getMessage();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the node never ran " + version + " (last " + last + "); agent log:\n" + agentLog());
    }

    private String agentLog() throws IOException {
        Path log = tmp.resolve("agent.log");
        if (!Files.exists(log)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
