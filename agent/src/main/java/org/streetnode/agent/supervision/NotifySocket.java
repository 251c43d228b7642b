package org.streetnode.agent.supervision;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The systemd notification socket ({@code $NOTIFY_SOCKET}): an AF_UNIX datagram socket, which the
 * JDK's channels cannot send to, so the three C calls go through JNA. A name starting with
 * {@code @} is in the abstract namespace. One datagram per message, as sd_notify(3) sends them.
 */
public final class NotifySocket implements Notifier {
    /** Linux's generic values; the shell's peer-credential code refuses the architectures where they differ. */
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sa_family_t) + sizeof(sun_path). */
    static final int SOCKADDR_UN_SIZE = 110;

    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd);
    }

    private final String name;
    private final byte[] address;
    private final int addressLength;

    private NotifySocket(String name, byte[] address, int addressLength) {
        this.name = name;
        this.address = address;
        this.addressLength = addressLength;
    }

    /** @param name the value of {@code $NOTIFY_SOCKET}: a path, or {@code @name} in the abstract namespace */
    public static NotifySocket of(String name) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path.length == 0 || path.length > SOCKADDR_UN_SIZE - 3) {
            throw new IllegalArgumentException("not a usable notification socket: \"" + name + "\"");
        }
        ByteBuffer sockaddr = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        sockaddr.putShort((short) AF_UNIX);
        boolean abstractName = path[0] == '@';
        if (abstractName) {
            path[0] = 0; // the abstract namespace: a leading NUL, and no terminating one
        }
        sockaddr.put(path);
        int length = 2 + path.length + (abstractName ? 0 : 1);
        return new NotifySocket(name, sockaddr.array(), length);
    }

    @Override
    public void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int fd;
        try {
            fd = Calls.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a socket to " + name + ": errno " + e.getErrorCode(), e);
        }
        try {
            Calls.INSTANCE.sendto(fd, bytes, new NativeLong(bytes.length), MSG_NOSIGNAL, address, addressLength);
        } catch (LastErrorException e) {
            throw new IOException("cannot notify " + name + ": errno " + e.getErrorCode(), e);
        } finally {
            Calls.INSTANCE.close(fd);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
