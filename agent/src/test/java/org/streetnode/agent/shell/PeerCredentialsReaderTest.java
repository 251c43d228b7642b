package org.streetnode.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's word on a real Unix socket connection, checked against this process's own. */
class PeerCredentialsReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsUidGidPidAndGroupsOfThePeer() throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                    SocketChannel accepted = server.accept()) {
                PeerCredentials peer = PeerCredentialsReader.of(accepted);
                assertThat(peer.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(peer.uid()).isEqualTo(ProcessOwner.uid());
                assertThat(peer.gid()).isEqualTo(ProcessOwner.gid());
                // SO_PEERGROUPS and /proc agree on our own groups
                assertThat(peer.groups()).isEqualTo(PeerCredentialsReader.procGroups(Path.of("/proc/self/status")));
            }
        }
    }

    @Test
    void parsesTheGroupsLineOfProcStatusAndFailsClosed() throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tbash\nUid:\t1000\t1000\t1000\t1000\nGroups:\t4 24 27 4601 \nVmPeak:\t1 kB\n");
        assertThat(PeerCredentialsReader.procGroups(status)).containsExactlyInAnyOrder(4, 24, 27, 4601);
        Files.writeString(status, "Groups:\t\n");
        assertThat(PeerCredentialsReader.procGroups(status)).isEmpty();
        assertThat(PeerCredentialsReader.procGroups(dir.resolve("gone"))).isEmpty();
        Files.writeString(status, "Groups:\tfour\n");
        assertThat(PeerCredentialsReader.procGroups(status)).isEmpty();
    }
}
