package org.streetnode.agent.shell;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import java.util.Set;
import org.tinylog.Logger;

/**
 * Opens the shell's listening socket with the right owner group and mode before anyone can
 * connect: it is bound under a temporary name, given mode 0660 and its group, and only then
 * renamed to its place (a rename keeps the bound socket).
 */
final class ShellSocket {
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-rw----");

    private ShellSocket() {
    }

    /**
     * @param group the gid crews reach the socket through (the maintenance group), when it exists
     * @param groupName the group as configured, for messages
     */
    static ServerSocketChannel open(Path socket, OptionalInt group, String groupName, int backlog) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeStale(socket);
        Path temporary = dir.resolve("." + socket.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(temporary), backlog);
            Files.setPosixFilePermissions(temporary, MODE);
            applyGroup(temporary, group, groupName);
            Files.move(temporary, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
        warnIfUnreachable(dir, socket);
        return server;
    }

    /**
     * A socket file left by an agent that died is removed; one that answers belongs to a running
     * agent (another data directory, the same socket path), and is left alone.
     */
    private static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(socket)) {
            throw new IOException(socket + " exists and is not a socket; move it away or set [shell] socket");
        }
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
        } catch (java.net.ConnectException e) {
            Files.delete(socket); // nobody listens: left behind by an agent that did not stop cleanly
            return;
        }
        throw new IOException("another agent is listening on " + socket + "; give each agent its own [shell] socket");
    }

    private static boolean isSocket(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer m && (m & 0170000) == 0140000;
    }

    private static void applyGroup(Path socket, OptionalInt group, String groupName) throws IOException {
        if (group.isEmpty()) {
            Logger.warn("shell: group {} does not exist: the socket keeps the agent's group, so only root and that group "
                    + "can connect. Create it (groupadd {}), add the crews to it and restart the agent", groupName, groupName);
            return;
        }
        try {
            Files.setAttribute(socket, "unix:gid", group.getAsInt(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            Logger.warn("shell: cannot give the socket group {} ({}): the agent must be root or a member of it; "
                    + "only root and the agent's group can connect", groupName, e.getMessage());
        }
    }

    /** Crews reach the socket only if they may search its directory; say so at start if they cannot. */
    private static void warnIfUnreachable(Path dir, Path socket) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        Object dirGid = Files.getAttribute(dir, "unix:gid");
        Object socketGid = Files.getAttribute(socket, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        boolean reachable = perms.contains(PosixFilePermission.OTHERS_EXECUTE)
                || (perms.contains(PosixFilePermission.GROUP_EXECUTE) && dirGid.equals(socketGid));
        if (!reachable) {
            Logger.warn("shell: {} is not searchable by the socket's group or others (mode {}): crews cannot reach {}; "
                    + "make it mode 0751 or give it the socket's group", dir, PosixFilePermissions.toString(perms), socket);
        }
    }
}
