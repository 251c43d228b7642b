package org.streetnode.agent.lwm2m;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A NAT in a test: the node sends to the relay, the relay forwards from its own outside socket
 * to the server and back. {@link #rebind()} gives the relay a new outside port, as a NAT does
 * when it forgets a binding: the server then sees the node at a new address. It counts what
 * crosses it ({@link #traffic()}): the bytes on UDP, DTLS records as they are.
 */
public final class UdpRelay implements AutoCloseable {
    /** Datagrams and their UDP payload bytes, each way, since the relay started. */
    public record Traffic(long datagramsUp, long bytesUp, long datagramsDown, long bytesDown) {
        public Traffic minus(Traffic earlier) {
            return new Traffic(datagramsUp - earlier.datagramsUp, bytesUp - earlier.bytesUp,
                    datagramsDown - earlier.datagramsDown, bytesDown - earlier.bytesDown);
        }

        public long bytes() {
            return bytesUp + bytesDown;
        }

        public long datagrams() {
            return datagramsUp + datagramsDown;
        }
    }

    /** The largest UDP payload: nothing is cut short. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket inside;
    private final InetSocketAddress server;
    private volatile DatagramSocket outside;
    private volatile SocketAddress node;
    private volatile boolean running = true;
    private final AtomicLong datagramsUp = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong datagramsDown = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();

    public UdpRelay(InetSocketAddress server) throws SocketException {
        this.server = server;
        this.inside = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.outside = newOutside();
        Thread.ofPlatform().daemon().name("relay-in").start(this::forwardToServer);
    }

    public URI coapsUri() {
        return URI.create("coaps://127.0.0.1:" + inside.getLocalPort());
    }

    /** What crossed the relay so far (the counts of each way are read one after the other). */
    public Traffic traffic() {
        return new Traffic(datagramsUp.get(), bytesUp.get(), datagramsDown.get(), bytesDown.get());
    }

    /** The node's address as the server sees it now. */
    int outsidePort() {
        return outside.getLocalPort();
    }

    /** The NAT forgets the binding: later traffic leaves from a new port. */
    void rebind() throws SocketException {
        DatagramSocket old = outside;
        outside = newOutside();
        old.close();
    }

    private DatagramSocket newOutside() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("relay-out").start(() -> forwardToNode(s));
        return s;
    }

    private void forwardToServer() {
        byte[] buf = new byte[MAX_DATAGRAM];
        while (running) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                inside.receive(p);
                node = p.getSocketAddress();
                datagramsUp.incrementAndGet();
                bytesUp.addAndGet(p.getLength());
                outside.send(new DatagramPacket(p.getData(), p.getLength(), server));
            } catch (IOException e) {
                if (inside.isClosed()) {
                    return;
                }
            }
        }
    }

    private void forwardToNode(DatagramSocket from) {
        byte[] buf = new byte[MAX_DATAGRAM];
        while (running && !from.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                from.receive(p);
                SocketAddress to = node;
                if (to != null) {
                    datagramsDown.incrementAndGet();
                    bytesDown.addAndGet(p.getLength());
                    inside.send(new DatagramPacket(p.getData(), p.getLength(), to));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        inside.close();
        outside.close();
    }
}
