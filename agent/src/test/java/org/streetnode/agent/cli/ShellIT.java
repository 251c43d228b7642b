package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.leshan.core.request.WriteRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.Agent;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.demo.EmbeddedLwm2mServer;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.lwm2m.FirmwareServer;
import org.streetnode.agent.shell.ShellFixture;
import org.streetnode.agent.shell.ShellProtocol;
import org.streetnode.agent.update.TestPackages;

/**
 * The agent on the simulated board, in this JVM, with its shell socket in a temporary directory;
 * every command through the real client, {@code streetnode shell}, as a separate process.
 */
class ShellIT {
    /** A uid and groups no one on a test machine has: crews are simulated with setpriv. */
    private static final int CREW_UID = 45600;
    private static final int MAINTENANCE_GID = 45601;
    private static final int OPERATOR_GID = 45602;
    /**
     * As root the shell's groups are test gids the role tests put other uids in (setpriv); as an
     * ordinary user (no setpriv, those tests skip) they are the user's own group, so the client,
     * run as that user, is let in.
     */
    private static final boolean ROOT = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    private static final long SHELL_MAINTENANCE_GID = ROOT ? MAINTENANCE_GID : new com.sun.security.auth.module.UnixSystem().getGid();
    private static final long SHELL_OPERATOR_GID = ROOT ? OPERATOR_GID : SHELL_MAINTENANCE_GID;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static EmbeddedLwm2mServer server;
    private static Agent agent;
    private static Path config;
    private static KeyPair releaseKey;

    @BeforeAll
    static void startAgent() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // crews may pass through
        server = EmbeddedLwm2mServer.start(List.of())
                .allowPsk("node-under-test", "node-under-test", HexFormat.of().parseHex(TestConfigs.PSK_HEX));
        releaseKey = TestPackages.releaseKey();
        Path pub = dir.resolve("release.pub");
        Files.writeString(pub, Pem.encode("PUBLIC KEY", releaseKey.getPublic().getEncoded()));
        Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
        config = TestConfigs.write(dir, TestConfigs.node(dir, server.coapsUri().toString())
                .set("shell", "maintenance_group", Long.toString(SHELL_MAINTENANCE_GID))
                .set("shell", "operator_group", Long.toString(SHELL_OPERATOR_GID))
                .set("update", "release_key", "release.pub"));
        agent = Agent.create(ConfigLoader.load(config), Clock.systemUTC(), () -> { });
        agent.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.registration().registered()
                && agent.sensors().stream().allMatch(st -> st.lastReadingAt().isPresent()));
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private static AgentProcess shell(String... args) throws Exception {
        return shellAs(List.of(), args);
    }

    private static AgentProcess shellAs(List<String> prefix, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "shell";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return AgentProcess.run(dir, LIMIT, prefix, all);
    }

    private static JsonNode json(AgentProcess p) throws Exception {
        return ShellProtocol.json().readTree(p.stdout());
    }

    @Test
    void statusShowsTheNodeAndSaysWhatThisBuildCannotShow() throws Exception {
        AgentProcess p = shell("status", "--json");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        JsonNode s = json(p);
        assertThat(s.path("version").asText()).isEqualTo(AgentVersion.get());
        assertThat(s.path("endpoint").asText()).isEqualTo("node-under-test");
        assertThat(s.path("board").path("kind").asText()).isEqualTo("simulated");
        assertThat(s.path("board").path("serial").asText()).isEqualTo("SIM-0001");
        assertThat(s.path("registration").path("state").asText()).isEqualTo("REGISTERED");
        assertThat(s.path("registration").path("server").asText()).isEqualTo(server.coapsUri().toString());
        assertThat(s.path("uptimeSeconds").asLong()).isNotNegative();
        assertThat(s.path("notInThisBuild")).extracting(JsonNode::asText).doesNotContain("buffer", "sensors", "lamp control");
        assertThat(s.path("buffer").path("delivery").asText()).isNotEmpty();
        assertThat(s.path("lamp").path("reason").asText()).isNotEmpty();
        assertThat(s.path("clockSynchronised").asBoolean()).isTrue(); // the simulated board's clock is trusted
        assertThat(s.path("sensors")).extracting(x -> x.path("id").asText()).contains("air", "light", "pm");

        AgentProcess text = shell("status");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).contains("on node-under-test").contains("lwm2m: registered")
                .doesNotContain("buffer: not available");
    }

    @Test
    void bufferShowsDepthDropsAndDelivery() throws Exception {
        AgentProcess p = shell("buffer", "--json");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        JsonNode b = json(p);
        assertThat(b.path("epoch").asLong()).isPositive();
        assertThat(b.path("depth").asLong()).isNotNegative();
        assertThat(b.path("dropped").path("quota").asLong()).isZero();
        assertThat(b.path("dropped").path("age").asLong()).isZero();
        assertThat(b.path("delivery").asText()).isNotEmpty();
        assertThat(b.path("bytesOnDisk").asLong()).isPositive();
    }

    @Test
    void lwm2mShowsRegistrationAndTheObjectsServed() throws Exception {
        AgentProcess p = shell("lwm2m", "--json");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        JsonNode l = json(p);
        assertThat(l.path("registration").path("state").asText()).isEqualTo("REGISTERED");
        assertThat(l.path("registration").path("registrationId").asText()).isNotBlank();
        assertThat(l.path("registration").path("lastContact").asText()).isNotBlank();
        assertThat(l.path("security").asText()).isEqualTo("psk");
        assertThat(l.path("objects")).extracting(o -> o.path("id").asInt()).contains(0, 1, 3);
    }

    @Test
    void netShowsTheInterfacesFromTheOs() throws Exception {
        AgentProcess p = shell("net", "--json");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        JsonNode lo = null;
        for (JsonNode i : json(p).path("interfaces")) {
            if (i.path("name").asText().equals("lo")) {
                lo = i;
            }
        }
        assertThat(lo).isNotNull();
        assertThat(lo.path("loopback").asBoolean()).isTrue();
        assertThat(lo.path("addresses")).extracting(JsonNode::asText).contains("127.0.0.1/8");
    }

    @Test
    void logShowsRecentLinesIncludingEachCommandWithItsCaller() throws Exception {
        shell("net", "--json");
        AgentProcess p = shell("log", "-n", "50", "--json");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        JsonNode log = json(p);
        assertThat(log.path("lines").size()).isBetween(1, 50);
        assertThat(log.path("lines")).extracting(l -> l.path("message").asText())
                .anyMatch(m -> m.startsWith("shell: uid " + new com.sun.security.auth.module.UnixSystem().getUid() + " (")
                        && m.endsWith("operator: net -> ok"));
    }

    @Test
    void configShowsTheEffectiveConfigurationWithoutSecrets() throws Exception {
        AgentProcess p = shell("config", "--json");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        JsonNode c = json(p);
        assertThat(c.path("values").path("node.endpoint").asText()).isEqualTo("\"node-under-test\"");
        assertThat(c.path("values").path("shell.maintenance_group").asText()).contains(Long.toString(SHELL_MAINTENANCE_GID));
        assertThat(p.stdout()).doesNotContain(TestConfigs.PSK_HEX);
        AgentProcess text = shell("config");
        assertThat(text.stdout()).contains("[node]").contains("endpoint = \"node-under-test\"").doesNotContain(TestConfigs.PSK_HEX);
    }

    @Test
    void sensorsShowValuesAgeAndHealthFromSampling() throws Exception {
        AgentProcess p = shell("sensors", "--json");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        JsonNode air = null;
        for (JsonNode s : json(p)) {
            if (s.path("id").asText().equals("air")) {
                air = s;
            }
        }
        assertThat(json(p)).extracting(s -> s.path("id").asText())
                .containsExactly("air", "light", "climate", "lamp-power", "noise", "pm", "presence");
        assertThat(air).isNotNull();
        assertThat(air.path("model").asText()).isEqualTo("BME280");
        assertThat(air.path("health").asText()).isEqualTo("OK");
        assertThat(air.path("values")).extracting(v -> v.path("quantity").asText()).contains("TEMPERATURE", "HUMIDITY", "PRESSURE");
        assertThat(air.path("ageSeconds").asLong()).isNotNegative();

        AgentProcess text = shell("sensors");
        assertThat(text.stdout()).containsPattern("(?m)^air +BME280 +ok +[-0-9.]+ Cel");
    }

    @Test
    void updateShowsTheStateTheDownloadsProgressAndTheLastResult() throws Exception {
        AgentProcess idle = shell("update", "--json");
        assertThat(idle.exitCode()).as(idle.stderr()).isZero();
        JsonNode u = json(idle);
        assertThat(u.path("enabled").asBoolean()).isTrue();
        assertThat(u.path("state").asText()).isEqualTo("idle");
        assertThat(u.path("result").asInt()).isZero();
        assertThat(u.path("running").asText()).isEqualTo(AgentVersion.get());
        assertThat(u.path("maxBytesPerSecond").asLong()).isEqualTo(64 * 1024);
        assertThat(shell("update").stdout()).contains("update: idle; running " + AgentVersion.get(), "last result: 0 initial");

        // the platform has the node pull a package, whose server stops answering at 20 KB
        byte[] pkg = Files.readAllBytes(TestPackages.signed(dir.resolve("release"), releaseKey, "99.0.0", "0.1.0", 60_000));
        int stopAt = 20 * 1024;
        try (FirmwareServer firmware = new FirmwareServer(pkg, "node-under-test", HexFormat.of().parseHex(TestConfigs.PSK_HEX))) {
            firmware.silentAt = stopAt;
            String uri = firmware.uri().toString();
            assertThat(server.send("node-under-test", new WriteRequest(5, 0, 1, uri), 5000).isSuccess()).isTrue();
            await().atMost(LIMIT).until(() -> firmware.offsets.contains(stopAt));

            AgentProcess downloading = shell("update", "--json");
            assertThat(downloading.exitCode()).as(downloading.stderr()).isZero();
            JsonNode d = json(downloading);
            assertThat(d.path("state").asText()).isEqualTo("downloading");
            assertThat(d.path("source").asText()).isEqualTo(uri);
            assertThat(d.path("bytes").asLong()).isEqualTo(stopAt);
            assertThat(d.path("totalBytes").asLong()).isEqualTo(pkg.length);
            assertThat(d.path("percent").asDouble()).isCloseTo(100.0 * stopAt / pkg.length, offset(0.01));
            assertThat(d.path("bytesPerSecond").asLong()).isPositive();
            assertThat(shell("update").stdout()).contains("update: downloading; running " + AgentVersion.get(),
                    "from " + uri + ": " + stopAt + " of " + pkg.length + " bytes (", "(at most 64 KB/s)");

            // cancelled: an empty URI
            assertThat(server.send("node-under-test", new WriteRequest(5, 0, 1, ""), 5000).isSuccess()).isTrue();
            assertThat(json(shell("update", "--json")).path("state").asText()).isEqualTo("idle");
        }
    }

    @Test
    void partsNotInThisBuildSaySoWithTheirExitCode() throws Exception {
        for (String command : List.of("selftest")) {
            AgentProcess p = shell(command, "--json");
            assertThat(p.exitCode()).as(command).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(json(p).path("error").asText()).isEqualTo("unavailable");
            assertThat(json(p).path("message").asText()).startsWith(command.equals("selftest")
                    ? "selftest: not run by the agent" : command + ": not available in this build");
        }
    }

    @Test
    void anOperatorSetsTheLampForABoundedTimeSeesItsMonitorAndClearsIt() throws Exception {
        AgentProcess set = shell("lamp", "set", "60", "--for", "15m", "--json");
        assertThat(set.exitCode()).as(set.stderr()).isZero();
        JsonNode status = json(set).path("status");
        assertThat(status.path("level").asDouble()).isEqualTo(60); // applied before the answer
        assertThat(status.path("reason").asText()).startsWith("override by maintenance (");
        assertThat(status.path("override").path("until").isMissingNode()).isFalse();

        AgentProcess view = shell("lamp", "--json");
        assertThat(view.exitCode()).isZero();
        assertThat(json(view).path("monitor").path("metered").asBoolean()).isTrue();
        assertThat(shell("lamp").stdout()).contains("lamp: 60 % (override by maintenance");

        AgentProcess clear = shell("lamp", "clear", "--json");
        assertThat(clear.exitCode()).isZero();
        assertThat(json(clear).path("status").path("reason").asText()).doesNotStartWith("override by maintenance");
    }

    @Test
    void wrongCommandLinesAreUsageErrors() throws Exception {
        assertThat(shell("lamp", "set", "100").exitCode()).isEqualTo(ExitCodes.USAGE); // --for is required
        assertThat(shell("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void topInATerminalShowsTheSensorsAndTheLampLine() throws Exception {
        Assumptions.assumeTrue(found("tmux"), "tmux is not installed (.ci/run installs it)");
        String session = "streetnode-top-" + ProcessHandle.current().pid();
        String command = "env STREETNODE_JAR=" + System.getProperty("streetnode.jar") + " JAVA_HOME=" + System.getProperty("java.home")
                + " STREETNODE_CDS_DIR=" + dir.resolve("cds") + " " + System.getProperty("streetnode.launcher")
                + " shell --config " + config + " top";
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> capture(session).contains("SENSORS"));
            String frame = capture(session);
            assertThat(frame).contains("streetnode top: node-under-test").contains("lwm2m registered")
                    .containsPattern("(?m)^LAMP    [0-9.]+ %").containsPattern("(?m)^ +power +[0-9.]+ W ");
            for (String sensor : List.of("air temperature", "light illuminance", "climate humidity", "noise sound level", "pm pm10",
                    "presence presence")) {
                assertThat(frame).containsPattern("(?m)^" + sensor + " +[-0-9.]+ ");
            }
            assertThat(frame).containsPattern("[▁▂▃▄▅▆▇█]"); // sparklines
            run("tmux", "send-keys", "-t", session, "q");
            await().atMost(Duration.ofSeconds(5)).until(() -> !run("tmux", "has-session", "-t", session));
        } finally {
            run("tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void theInteractiveShellCompletesFromTheCommandTreeAndRunsCommands() throws Exception {
        Assumptions.assumeTrue(found("tmux"), "tmux is not installed (.ci/run installs it)");
        String session = "streetnode-shell-" + ProcessHandle.current().pid();
        String command = "env HOME=" + dir + " STREETNODE_JAR=" + System.getProperty("streetnode.jar") + " JAVA_HOME="
                + System.getProperty("java.home") + " STREETNODE_CDS_DIR=" + dir.resolve("cds") + " "
                + System.getProperty("streetnode.launcher") + " shell --config " + config;
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> capture(session).contains("streetnode>")); // capture-pane drops trailing blanks
            run("tmux", "send-keys", "-t", session, "lw", "Tab");
            await().atMost(Duration.ofSeconds(5)).until(() -> capture(session).contains("streetnode> lwm2m"));
            run("tmux", "send-keys", "-t", session, "Enter");
            await().atMost(Duration.ofSeconds(10)).until(() -> capture(session).contains("LWM2M Security"));
            run("tmux", "send-keys", "-t", session, "lamp ", "Tab", "Tab");
            await().atMost(Duration.ofSeconds(5)).until(() -> capture(session).matches("(?s).*clear +set.*"));
            run("tmux", "send-keys", "-t", session, "C-u", "exit", "Enter");
            await().atMost(Duration.ofSeconds(5)).until(() -> !run("tmux", "has-session", "-t", session));
            assertThat(Files.readString(dir.resolve(".streetnode_history"))).contains("lwm2m");
        } finally {
            run("tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void topForScriptsStreamsAFrameEverySecond() throws Exception {
        AgentProcess p = shell("top", "--json", "--frames", "2");
        assertThat(p.exitCode()).as(p.stderr()).isZero();
        List<String> frames = p.stdout().lines().toList();
        assertThat(frames).hasSize(2);
        JsonNode f = ShellProtocol.json().readTree(frames.get(1));
        assertThat(f.path("registration").asText()).isEqualTo("REGISTERED");
        assertThat(f.path("sampling").asBoolean()).isTrue();
        assertThat(f.path("sensors")).extracting(x -> x.path("sensor").asText() + " " + x.path("quantity").asText())
                .contains("air TEMPERATURE", "pm PM10");
        assertThat(f.path("sensors").get(0).path("points")).hasSize(60);
        assertThat(f.path("lampPower").path("unit").asText()).isEqualTo("W");
    }

    @Test
    void anAgentThatIsNotRunningOrHungIsReportedWithinTwoSeconds() throws Exception {
        long t0 = System.nanoTime();
        AgentProcess none = AgentProcess.run(dir, LIMIT, "shell", "--socket", dir.resolve("nothing.sock").toString(), "status", "--json");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(json(none).path("message").asText()).contains("not running");

        // hung: the socket accepts connections (the kernel queues them) but nobody answers
        Path hung = dir.resolve("hung.sock");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(hung));
            long t1 = System.nanoTime();
            AgentProcess p = AgentProcess.run(dir, LIMIT, "shell", "--socket", hung.toString(), "status");
            Duration took = Duration.ofNanos(System.nanoTime() - t1);
            assertThat(p.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
            assertThat(p.stderr()).containsPattern("did not answer within 1[0-9]{3} ms");
            // the client's own wait is 1.5 s; the rest is starting a JVM
            Duration jvm = Duration.ofNanos(t1 - t0);
            assertThat(took).isLessThan(jvm.plus(Duration.ofSeconds(2)));
        }
    }

    // --- roles, with the client run as another user (setpriv) ---

    private static List<String> as(int... groups) {
        String g = groups.length == 0 ? "--clear-groups" : "--groups=" + String.join(",",
                java.util.Arrays.stream(groups).mapToObj(Integer::toString).toList());
        return List.of("setpriv", "--reuid=" + CREW_UID, "--regid=" + CREW_UID, g, "--");
    }

    private static void assumeOtherUsersCanRunTheClient() throws Exception {
        Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root") && found("setpriv"),
                "needs root and setpriv to run the client as another uid");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        boolean ok = run(as().toArray(String[]::new)[0], "--reuid=" + CREW_UID, "--regid=" + CREW_UID, "--clear-groups", "--",
                "sh", "-c", "test -r '" + System.getProperty("streetnode.jar") + "' && test -x '" + java + "' && test -r '"
                        + System.getProperty("streetnode.launcher") + "'");
        Assumptions.assumeTrue(ok, "the jar, the launcher or the JDK is not readable by other users on this machine");
    }

    @Test
    void aMaintenanceCrewMayReadButNotSetTheLamp() throws Exception {
        assumeOtherUsersCanRunTheClient();
        AgentProcess read = shellAs(as(MAINTENANCE_GID), "status", "--json");
        assertThat(read.exitCode()).as(read.stderr() + read.stdout()).isZero();

        AgentProcess set = shellAs(as(MAINTENANCE_GID), "lamp", "set", "100", "--for", "15m", "--json");
        assertThat(set.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(json(set).path("error").asText()).isEqualTo("refused");
        assertThat(json(set).path("message").asText()).contains("needs the operator role").contains("uid " + CREW_UID);
        assertThat(shellAs(as(MAINTENANCE_GID), "selftest").exitCode()).isEqualTo(ExitCodes.REFUSED);

        // an operator (also in the maintenance group, which owns the socket) gets past the role check
        AgentProcess op = shellAs(as(MAINTENANCE_GID, OPERATOR_GID), "lamp", "set", "100", "--for", "15m", "--json");
        assertThat(op.exitCode()).as(op.stderr()).isZero();
        assertThat(json(op).path("status").path("override").path("by").asText()).contains(Integer.toString(CREW_UID));
        assertThat(shellAs(as(MAINTENANCE_GID, OPERATOR_GID), "lamp", "clear").exitCode()).isZero();
    }

    @Test
    void someoneInNoAllowedGroupIsRefusedEverything() throws Exception {
        assumeOtherUsersCanRunTheClient();
        // the socket's mode 0660 keeps them out
        AgentProcess p = shellAs(as(), "status", "--json");
        assertThat(p.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(json(p).path("message").asText()).contains("permission denied");

        // and if the socket's mode were wrong, the agent's own check still refuses them
        Path socket = agent.config().shell().socket();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            for (String command : List.of("status", "log", "config", "net")) {
                AgentProcess refused = shellAs(as(), command, "--json");
                assertThat(refused.exitCode()).as(command).isEqualTo(ExitCodes.REFUSED);
                assertThat(json(refused).path("error").asText()).isEqualTo("refused");
                assertThat(json(refused).path("message").asText()).contains("uid " + CREW_UID + " is not root");
            }
        } finally {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        }
    }

    @Test
    void anOperatorSetsAndClearsATimeBoxedOverrideThroughTheRealClient() throws Exception {
        Path other = Files.createDirectories(dir.resolve("lamp-node"));
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwx--x--x"));
        try (ShellFixture lampNode = new ShellFixture(other, Clock.systemUTC(),
                c -> c.set("shell", "maintenance_group", Long.toString(SHELL_MAINTENANCE_GID))
                        .set("shell", "operator_group", Long.toString(SHELL_OPERATOR_GID)))) {
            String socket = lampNode.socket().toString();
            AgentProcess set = AgentProcess.run(dir, LIMIT, "shell", "--socket", socket, "lamp", "set", "100", "--for", "15m", "--json");
            assertThat(set.exitCode()).as(set.stderr()).isZero();
            JsonNode override = json(set).path("status").path("override");
            assertThat(override.path("level").asDouble()).isEqualTo(100);
            assertThat(override.path("source").asText()).isEqualTo("MAINTENANCE");
            assertThat(java.time.Instant.parse(override.path("until").asText()))
                    .isBetween(java.time.Instant.now().plus(Duration.ofMinutes(14)), java.time.Instant.now().plus(Duration.ofMinutes(15)));
            assertThat(lampNode.lamp.override()).isPresent();

            AgentProcess tooLong = AgentProcess.run(dir, LIMIT, "shell", "--socket", socket, "lamp", "set", "50", "--for", "2d");
            assertThat(tooLong.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(tooLong.stderr()).contains("at most 4h");

            if (canRunAsOtherUser()) {
                AgentProcess crew = AgentProcess.run(dir, LIMIT, as(MAINTENANCE_GID), "shell", "--socket", socket, "lamp", "clear");
                assertThat(crew.exitCode()).isEqualTo(ExitCodes.REFUSED);
                assertThat(lampNode.lamp.override()).isPresent();
            }

            AgentProcess clear = AgentProcess.run(dir, LIMIT, "shell", "--socket", socket, "lamp", "clear", "--json");
            assertThat(clear.exitCode()).isZero();
            assertThat(json(clear).path("status").path("override").isNull()).isTrue();
            assertThat(lampNode.lamp.override()).isEmpty();
        }
    }

    private static boolean canRunAsOtherUser() {
        try {
            assumeOtherUsersCanRunTheClient();
            return true;
        } catch (Exception e) { // TestAbortedException: this machine cannot
            return false;
        }
    }

    private static String capture(String session) throws Exception {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean found(String program) {
        return run("sh", "-c", "command -v " + program);
    }
}
