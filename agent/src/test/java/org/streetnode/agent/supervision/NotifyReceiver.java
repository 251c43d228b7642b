package org.streetnode.agent.supervision;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiving end of an sd_notify socket, as systemd binds it: an AF_UNIX datagram socket on a
 * path. Polled without blocking (MSG_DONTWAIT); messages are kept in arrival order.
 */
public final class NotifyReceiver implements AutoCloseable {
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd);
    }

    private final int fd;
    private final Path path;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private NotifyReceiver(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    public static NotifyReceiver bind(Path path) {
        int fd = Calls.INSTANCE.socket(NotifySocket.AF_UNIX, NotifySocket.SOCK_DGRAM, 0);
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer address = ByteBuffer.allocate(NotifySocket.SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        address.putShort((short) NotifySocket.AF_UNIX).put(name);
        Calls.INSTANCE.bind(fd, address.array(), 2 + name.length + 1);
        return new NotifyReceiver(fd, path);
    }

    public Path path() {
        return path;
    }

    /** Every message received so far (reads what is waiting first). */
    public List<String> messages() {
        byte[] buffer = new byte[4096];
        while (true) {
            try {
                int n = Calls.INSTANCE.recv(fd, buffer, new NativeLong(buffer.length), MSG_DONTWAIT).intValue();
                messages.add(new String(buffer, 0, n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return List.copyOf(messages);
                }
                throw e;
            }
        }
    }

    /** Waits (at most {@code limit}) for a message that equals {@code message}. */
    public void await(String message, Duration limit) {
        org.awaitility.Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(20))
                .until(() -> messages().contains(message));
    }

    @Override
    public void close() {
        Calls.INSTANCE.close(fd);
    }
}
