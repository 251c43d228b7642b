package org.streetnode.agent.shell.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One connection to the agent's shell socket. Every step has a deadline (non-blocking I/O and a
 * selector), so a missing, dead or hung agent is reported within the timeout instead of hanging.
 */
final class AgentConnection implements Closeable {
    /** No answer of the agent is anywhere near this; a longer line means something else answers. */
    private static final int MAX_LINE = 4 << 20;

    private final Path socket;
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private AgentConnection(Path socket, SocketChannel channel, Selector selector) {
        this.socket = socket;
        this.channel = channel;
        this.selector = selector;
    }

    static AgentConnection open(Path socket, Duration timeout) throws AgentUnreachableException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!Files.exists(socket)) {
            throw notRunning(socket, Files.isDirectory(socket.toAbsolutePath().getParent())
                    ? "no socket at " + socket
                    : "cannot see " + socket + " (no such directory, or no permission to search it)");
        }
        SocketChannel channel = null;
        Selector selector = null;
        try {
            selector = Selector.open();
            channel = connect(socket, deadline);
            if (channel.isConnectionPending()) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    if (!await(selector, deadline)) {
                        throw new AgentUnreachableException("the agent does not accept connections on " + socket
                                + " within " + timeout.toMillis() + " ms: it is hung or overloaded", false);
                    }
                }
            }
            return new AgentConnection(socket, channel, selector);
        } catch (ConnectException e) {
            closeQuietly(channel, selector);
            throw notRunning(socket, "nothing listens on " + socket + " (left by an agent that stopped)");
        } catch (AccessDeniedException e) {
            closeQuietly(channel, selector);
            throw permissionDenied(socket);
        } catch (SocketException e) {
            closeQuietly(channel, selector);
            if (String.valueOf(e.getMessage()).contains("ermission denied")) {
                throw permissionDenied(socket);
            }
            if (String.valueOf(e.getMessage()).contains("temporarily unavailable")) {
                throw new AgentUnreachableException("the agent does not accept connections on " + socket + " within "
                        + timeout.toMillis() + " ms (its queue is full): it is hung or overloaded", false);
            }
            throw new AgentUnreachableException("cannot connect to " + socket + ": " + e.getMessage(), false);
        } catch (IOException e) {
            closeQuietly(channel, selector);
            throw new AgentUnreachableException("cannot connect to " + socket + ": " + e.getMessage(), false);
        } catch (AgentUnreachableException e) {
            closeQuietly(channel, selector);
            throw e;
        }
    }

    /**
     * A non-blocking connect to a Unix socket whose backlog is full fails at once (EAGAIN) rather
     * than waiting: retry until the deadline.
     */
    private static SocketChannel connect(Path socket, long deadline) throws IOException {
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.configureBlocking(false);
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (SocketException e) {
                channel.close(); // a failed connect leaves the channel unusable
                if (!String.valueOf(e.getMessage()).contains("temporarily unavailable") || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while connecting");
                }
            }
        }
    }

    /**
     * Sends one line. If the agent closed the connection first (it answers "busy" without reading),
     * the failure is left for {@link #readLine} to explain with the agent's answer.
     */
    void send(String line, Duration timeout) throws AgentUnreachableException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) == 0 && !await(selector, deadline)) {
                    throw hung(timeout);
                }
            }
            key.interestOps(0);
        } catch (IOException e) {
            // broken pipe: the answer already sent, if any, is still there to read
        }
    }

    /** The next line from the agent, within {@code timeout}. */
    String readLine(Duration timeout) throws AgentUnreachableException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                byte[] have = pending.toByteArray();
                for (int i = 0; i < have.length; i++) {
                    if (have[i] == '\n') {
                        pending.reset();
                        pending.write(have, i + 1, have.length - i - 1);
                        key.interestOps(0);
                        return new String(have, 0, i, StandardCharsets.UTF_8);
                    }
                }
                if (have.length > MAX_LINE) {
                    throw new AgentUnreachableException(socket + " answers with something that is not the agent's protocol", false);
                }
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new AgentUnreachableException("the agent closed the connection without an answer", false);
                }
                if (n == 0 && !await(selector, deadline)) {
                    throw hung(timeout);
                }
                pending.write(buffer.array(), 0, n);
            }
        } catch (IOException e) {
            throw new AgentUnreachableException("the agent closed the connection: " + e.getMessage(), false);
        }
    }

    private AgentUnreachableException hung(Duration timeout) {
        return new AgentUnreachableException("the agent did not answer within " + timeout.toMillis() + " ms on " + socket
                + ": it is hung or overloaded (systemctl status streetnode)", false);
    }

    /** Waits for the selector until the deadline; false when the deadline passed. */
    private static boolean await(Selector selector, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
        return true;
    }

    private static AgentUnreachableException notRunning(Path socket, String detail) {
        return new AgentUnreachableException("the agent is not running: " + detail
                + " (start it: systemctl start streetnode; see: journalctl -u streetnode)", false);
    }

    private static AgentUnreachableException permissionDenied(Path socket) {
        return new AgentUnreachableException("permission denied on " + socket + ": the shell is for members of the "
                + "maintenance group (read) and the operator group (act); ask for the group, then log in again", true);
    }

    private static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            if (selector != null) {
                selector.close();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closeQuietly(channel, selector);
    }
}
