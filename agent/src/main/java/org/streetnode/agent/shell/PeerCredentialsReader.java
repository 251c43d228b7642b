package org.streetnode.agent.shell;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a connected Unix socket's {@link PeerCredentials} from the kernel.
 *
 * <p>uid, gid and pid: {@code getsockopt(SO_PEERCRED)}, a {@code struct ucred}. Supplementary
 * groups: {@code getsockopt(SO_PEERGROUPS)} (Linux 4.13 and later; every Raspberry Pi OS kernel
 * has it), which, like SO_PEERCRED, the kernel captured at {@code connect()}. That is why it is
 * preferred over the two other ways:
 * <ul>
 *   <li>{@code /proc/PID/status} ({@code Groups:}) is read later, by pid: the peer may have exited
 *       and its pid been reused by another process, and {@code hidepid} or systemd's
 *       {@code ProtectProc=} can hide it. It is the fallback on kernels without SO_PEERGROUPS.</li>
 *   <li>{@code getgrouplist(user)} says what the group database grants the user at login, not
 *       what the calling process holds: a process that dropped its groups ({@code setpriv},
 *       a sandboxed unit) would get them back, and a uid without a passwd entry has none. The
 *       kernel's own view is also the one that let the peer open the socket (mode 0660).</li>
 * </ul>
 * Anything that cannot be read counts as absent: fewer groups means fewer rights, never more.
 */
final class PeerCredentialsReader {
    private static final int UCRED_SIZE = 12;

    private PeerCredentialsReader() {
    }

    static PeerCredentials of(SocketChannel channel) throws IOException {
        int fd = ChannelDescriptor.of(channel);
        Memory ucred = new Memory(UCRED_SIZE);
        IntByReference length = new IntByReference(UCRED_SIZE);
        try {
            LibC.INSTANCE.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED, ucred, length);
        } catch (LastErrorException e) {
            throw new IOException("getsockopt(SO_PEERCRED) failed: errno " + e.getErrorCode());
        }
        if (length.getValue() != UCRED_SIZE) {
            throw new IOException("getsockopt(SO_PEERCRED) returned " + length.getValue() + " bytes, not " + UCRED_SIZE);
        }
        long pid = Integer.toUnsignedLong(ucred.getInt(0));
        int uid = ucred.getInt(4);
        int gid = ucred.getInt(8);
        Set<Integer> groups = peerGroups(fd).orElseGet(() -> procGroups(Path.of("/proc", Long.toString(pid), "status")));
        return new PeerCredentials(pid, uid, gid, groups);
    }

    /** SO_PEERGROUPS, or empty when the kernel does not know the option. */
    static Optional<Set<Integer>> peerGroups(int fd) throws IOException {
        int capacity = 64;
        for (int attempt = 0; attempt < 3; attempt++) {
            Memory buffer = new Memory(capacity * 4L);
            IntByReference length = new IntByReference(capacity * 4);
            try {
                LibC.INSTANCE.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERGROUPS, buffer, length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.ENOPROTOOPT) {
                    return Optional.empty();
                }
                if (e.getErrorCode() == LibC.ERANGE && length.getValue() > capacity * 4) {
                    capacity = length.getValue() / 4; // the kernel said how much it needs
                    continue;
                }
                throw new IOException("getsockopt(SO_PEERGROUPS) failed: errno " + e.getErrorCode());
            }
            Set<Integer> groups = new HashSet<>();
            for (int i = 0; i < length.getValue() / 4; i++) {
                groups.add(buffer.getInt(i * 4L));
            }
            return Optional.of(groups);
        }
        throw new IOException("getsockopt(SO_PEERGROUPS): the group list kept growing");
    }

    /** The {@code Groups:} line of a {@code /proc/PID/status} file; empty if it cannot be read. */
    static Set<Integer> procGroups(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Groups:")) {
                    Set<Integer> groups = new HashSet<>();
                    for (String g : line.substring("Groups:".length()).trim().split("\\s+")) {
                        if (!g.isEmpty()) {
                            groups.add(Integer.parseUnsignedInt(g));
                        }
                    }
                    return groups;
                }
            }
        } catch (NoSuchFileException e) {
            // the peer is gone
        } catch (IOException | NumberFormatException e) {
            // unreadable: no groups, so no more rights than its uid and gid give
        }
        return Set.of();
    }
}
