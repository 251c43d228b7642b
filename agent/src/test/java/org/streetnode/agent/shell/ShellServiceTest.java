package org.streetnode.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.logging.RecentLog;
import org.tinylog.Logger;

/** The admin channel in-process, through its real socket, with requests no real client would send. */
class ShellServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");

    @TempDir
    Path dir;

    private ShellFixture shell;

    private ShellFixture start(String shellTable) throws Exception {
        shell = new ShellFixture(dir, Clock.fixed(NOW, ZoneOffset.UTC), shellTable);
        return shell;
    }

    @AfterEach
    void stop() throws Exception {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void socketIsMode0660AndGoneAfterStop() throws Exception {
        start("");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shell.socket()))).isEqualTo("rw-rw----");
        shell.close();
        assertThat(shell.socket()).doesNotExist();
        shell = null;
    }

    @Test
    void aSocketLeftByACrashedAgentIsReplaced() throws Exception {
        Path socket = dir.resolve("run").resolve("shell.sock");
        Files.createDirectories(socket.getParent());
        java.nio.channels.ServerSocketChannel dead = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        dead.bind(java.net.UnixDomainSocketAddress.of(socket));
        dead.close(); // the file stays, nobody listens
        start("");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"status\"}").path("ok").asBoolean()).isTrue();
    }

    @Test
    void whenTheSocketCannotBeOpenedTheAgentRunsOnWithoutAShellAndSaysWhy() throws Exception {
        Path socket = dir.resolve("run").resolve("shell.sock");
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "not a socket");
        start(""); // does not throw: the lamp must not go down with the shell
        assertThat(shell.log.last(20)).extracting(RecentLog.LogLine::message)
                .anyMatch(m -> m.startsWith("shell: not available, the agent runs on without it") && m.contains("is not a socket"));
        assertThat(Files.readString(socket)).isEqualTo("not a socket");
    }

    @Test
    void answersAVersionedRequest() throws Exception {
        start("");
        JsonNode r = RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"status\"}");
        assertThat(r.path("v").asInt()).isEqualTo(1);
        assertThat(r.path("ok").asBoolean()).isTrue();
        assertThat(r.path("data").path("endpoint").asText()).isEqualTo("node-under-test");
        assertThat(r.path("data").path("lamp").path("reason").asText()).isEqualTo("program");
    }

    @Test
    void malformedRequestsGetAnErrorAndTheAgentGoesOn() throws Exception {
        start("");
        assertThat(RawClient.ask(shell.socket(), "hello agent").path("error").asText()).isEqualTo("bad-request");
        assertThat(RawClient.ask(shell.socket(), "[1,2,3]").path("error").asText()).isEqualTo("bad-request");
        assertThat(RawClient.ask(shell.socket(), "{\"command\":\"status\"}").path("error").asText()).isEqualTo("bad-request");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":2,\"command\":\"status\"}").path("error").asText())
                .isEqualTo("unsupported-version");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"rm -rf /\"}").path("error").asText())
                .isEqualTo("unknown-command");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"log\",\"args\":[1]}").path("error").asText())
                .isEqualTo("bad-request");
        try (RawClient c = new RawClient(shell.socket())) {
            JsonNode r = c.send(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'}).answer();
            assertThat(r.path("error").asText()).isEqualTo("bad-request");
        }
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"status\"}").path("ok").asBoolean()).isTrue();
    }

    @Test
    void anOversizedRequestIsRefusedWithoutWaitingForItsEnd() throws Exception {
        start("max_request = \"1KB\"");
        try (RawClient c = new RawClient(shell.socket())) {
            JsonNode r = c.send("{\"v\":1,\"command\":\"status\",\"pad\":\"" + "x".repeat(5000)).answer();
            assertThat(r.path("error").asText()).isEqualTo("too-large");
            assertThat(r.path("message").asText()).contains("1024 bytes");
            assertThat(c.closedByAgent()).isTrue();
        }
    }

    @Test
    void aClientThatStallsHalfWayIsDroppedAfterTheTimeout() throws Exception {
        start("request_timeout = \"300ms\"");
        try (RawClient c = new RawClient(shell.socket())) {
            long t0 = System.nanoTime();
            JsonNode r = c.send("{\"v\":1,\"comm").answer();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(r.path("error").asText()).isEqualTo("timeout");
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
            assertThat(c.closedByAgent()).isTrue();
        }
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"status\"}").path("ok").asBoolean()).isTrue();
    }

    @Test
    void manyClientsAtOnceAreServedOrToldBusyNeverLeftHanging() throws Exception {
        start("max_clients = 4\nrequest_timeout = \"2s\"");
        // four clients hold their slots by sending nothing yet
        List<RawClient> holders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            holders.add(new RawClient(shell.socket()));
        }
        // give the acceptor the four connections before the fifth comes
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (RawClient extra = new RawClient(shell.socket())) {
                return extra.send("{\"v\":1,\"command\":\"status\"}\n").answer().path("error").asText().equals("busy");
            }
        });
        for (RawClient h : holders) {
            assertThat(h.send("{\"v\":1,\"command\":\"status\"}\n").answer().path("ok").asBoolean()).isTrue();
            h.close();
        }
        // then 40 at once: each gets an answer, ok or busy
        // separate platform threads, as separate client processes would be (blocking connects)
        ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Callable<String> ask = () -> {
                JsonNode r = RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"log\",\"args\":{\"n\":3}}");
                return r.path("ok").asBoolean() ? "ok" : r.path("error").asText();
            };
            answers.add(pool.submit(ask));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : answers) {
            outcomes.add(f.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(outcomes).hasSize(40).allMatch(o -> o.equals("ok") || o.equals("busy")).contains("ok");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"status\"}").path("ok").asBoolean()).isTrue();
    }

    @Test
    void lampSetOverridesForABoundedTimeAndClearEndsIt() throws Exception {
        start("max_lamp_override = \"1h\"");
        JsonNode set = RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"lamp.set\",\"args\":{\"level\":100,\"for\":\"15m\"}}");
        assertThat(set.path("ok").asBoolean()).as(set.toString()).isTrue();
        LampControl.LampOverride o = shell.lamp.override().orElseThrow();
        assertThat(o.level()).isEqualTo(100);
        assertThat(o.until()).contains(NOW.plus(Duration.ofMinutes(15)));
        assertThat(o.source()).isEqualTo(LampControl.LampOverride.Source.MAINTENANCE);
        assertThat(o.by()).startsWith("uid " + ProcessOwner.uid());
        assertThat(set.path("data").path("status").path("override").path("until").asText()).isEqualTo("2026-11-26T20:15:00Z");

        // no end, too long, out of range: refused, and the override stays as it was
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"lamp.set\",\"args\":{\"level\":50}}")
                .path("error").asText()).isEqualTo("invalid");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"lamp.set\",\"args\":{\"level\":50,\"for\":\"2h\"}}")
                .path("error").asText()).isEqualTo("invalid");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"lamp.set\",\"args\":{\"level\":150,\"for\":\"5m\"}}")
                .path("error").asText()).isEqualTo("invalid");
        assertThat(shell.lamp.override()).contains(o);

        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"lamp.clear\"}").path("ok").asBoolean()).isTrue();
        assertThat(shell.lamp.override()).isEmpty();
    }

    @Test
    void everyCommandIsLoggedOnceWithTheCallersUid() throws Exception {
        start("");
        Logger.info("marker before the command");
        RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"net\"}");
        List<RecentLog.LogLine> lines = shell.log.last(200);
        int marker = lines.stream().map(RecentLog.LogLine::message).toList().lastIndexOf("marker before the command");
        assertThat(marker).isNotNegative();
        List<String> after = lines.subList(marker + 1, lines.size()).stream().map(RecentLog.LogLine::message)
                .filter(m -> m.startsWith("shell: uid")).toList();
        assertThat(after).hasSize(1);
        assertThat(after.get(0)).startsWith("shell: uid " + ProcessOwner.uid()).endsWith("net -> ok");
    }

    @Test
    void unregisteredAreasSayTheyAreNotInThisBuild() throws Exception {
        start("");
        JsonNode r = RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"buffer\"}");
        assertThat(r.path("error").asText()).isEqualTo("unavailable");
        assertThat(r.path("message").asText()).isEqualTo("buffer: not available in this build");
        assertThat(RawClient.ask(shell.socket(), "{\"v\":1,\"command\":\"status\"}").path("data").path("notInThisBuild"))
                .extracting(JsonNode::asText).contains("sensors", "buffer", "selftest").doesNotContain("net", "lamp control");
    }
}
