package org.streetnode.agent.shell.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client never hangs: a missing, dead or hung agent is reported within the timeout. */
class AgentConnectionTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void noSocketMeansNotRunning() {
        assertThatThrownBy(() -> AgentConnection.open(dir.resolve("none.sock"), TIMEOUT))
                .isInstanceOf(AgentUnreachableException.class).hasMessageContaining("not running").hasMessageContaining("no socket");
    }

    @Test
    void aSocketLeftBehindMeansNotRunning() throws Exception {
        Path socket = dir.resolve("stale.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        server.close(); // the file stays, as after a crash
        assertThat(socket).exists();
        assertThatThrownBy(() -> AgentConnection.open(socket, TIMEOUT))
                .isInstanceOf(AgentUnreachableException.class).hasMessageContaining("nothing listens");
    }

    @Test
    void aHungAgentIsReportedWithinTwoSeconds() throws Exception {
        Path socket = dir.resolve("hung.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket)); // the kernel queues connections; nobody answers
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> {
                try (AgentConnection c = AgentConnection.open(socket, TIMEOUT)) {
                    c.send("{\"v\":1,\"command\":\"status\"}", TIMEOUT);
                    c.readLine(TIMEOUT);
                }
            }).isInstanceOf(AgentUnreachableException.class).hasMessageContaining("did not answer within 1500 ms");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(2));
        }
    }
}
