package org.streetnode.agent.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * The fleet's own uplink, which it can cut: a NAT in the fleet's process. The nodes talk to its
 * inside port; for each node address it opens an outside socket towards the real server, so the
 * server sees every node at an address of its own, as behind a city's routers. {@link #cut()}
 * drops every datagram both ways (the server is gone, as in a city-wide outage), {@link #restore()}
 * lets them through again; the bindings outlive the cut, as a router's do.
 *
 * <p>One thread serves every socket, woken only by datagrams (a selector). A binding whose node
 * has sent nothing for {@link #IDLE_BINDING} is dropped (RFC 4787 allows a NAT to forget one
 * after two minutes; the node resumes its DTLS session after that long), checked when a new
 * binding is made, so that nodes which opened a new socket for each attempt do not pile up
 * sockets.
 */
public final class CuttableUplink implements AutoCloseable {
    static final Duration IDLE_BINDING = Duration.ofMinutes(3);
    private static final int MAX_DATAGRAM = 65_535;

    private final InetSocketAddress server;
    private final String scheme;
    private final Selector selector;
    private final DatagramChannel inside;
    private final Thread thread;
    private final Map<SocketAddress, Binding> bindings = new HashMap<>(); // the relay thread's only
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean cut;
    private long lastSweep = System.nanoTime();

    /** A node's address and its socket towards the server. */
    private static final class Binding {
        final SocketAddress node;
        final DatagramChannel outside;
        long lastFromNode = System.nanoTime();

        Binding(SocketAddress node, DatagramChannel outside) {
            this.node = node;
            this.outside = outside;
        }
    }

    /** @param server the real LwM2M server ({@code coaps://host:port}) */
    public CuttableUplink(URI server) throws IOException {
        this.scheme = server.getScheme();
        this.server = new InetSocketAddress(InetAddress.getByName(server.getHost()), server.getPort() < 0 ? 5684 : server.getPort());
        this.selector = Selector.open();
        this.inside = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        inside.configureBlocking(false);
        inside.register(selector, SelectionKey.OP_READ);
        this.thread = Thread.ofPlatform().daemon().name("fleet-uplink").start(this::relay);
    }

    /** Where the nodes reach the server through this uplink (same scheme as the server's). */
    public URI uri() throws IOException {
        InetSocketAddress local = (InetSocketAddress) inside.getLocalAddress();
        return URI.create(scheme + "://" + local.getAddress().getHostAddress() + ":" + local.getPort());
    }

    /** Drops every datagram from now on, both ways. */
    public void cut() {
        cut = true;
    }

    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    /** Datagrams dropped while cut. */
    long dropped() {
        return dropped.get();
    }

    private void relay() {
        try {
            while (selector.isOpen()) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.channel() == inside) {
                        fromNodes();
                    } else {
                        toNode((Binding) key.attachment());
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            if (selector.isOpen()) {
                Logger.error(e, "fleet: the uplink relay failed; the nodes have no uplink from now on");
            }
        }
    }

    private void fromNodes() throws IOException {
        SocketAddress from;
        while ((from = receive(inside)) != null) {
            Binding b = bindings.get(from);
            if (b == null) {
                b = bind(from);
            }
            b.lastFromNode = System.nanoTime();
            if (cut) {
                dropped.incrementAndGet();
                continue;
            }
            try {
                b.outside.write(buffer);
            } catch (IOException e) {
                // the server's port is closed (ICMP): as lost as any datagram
            }
        }
    }

    private void toNode(Binding b) throws IOException {
        while (true) {
            SocketAddress from;
            try {
                from = receive(b.outside);
            } catch (IOException e) {
                return; // an ICMP error for an earlier datagram
            }
            if (from == null) {
                return;
            }
            if (cut) {
                dropped.incrementAndGet();
            } else {
                inside.send(buffer, b.node);
            }
        }
    }

    private SocketAddress receive(DatagramChannel channel) throws IOException {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        buffer.flip();
        return from;
    }

    private Binding bind(SocketAddress node) throws IOException {
        sweep();
        DatagramChannel outside = DatagramChannel.open().bind(null);
        outside.connect(server);
        outside.configureBlocking(false);
        Binding b = new Binding(node, outside);
        outside.register(selector, SelectionKey.OP_READ, b);
        bindings.put(node, b);
        return b;
    }

    private void sweep() {
        long now = System.nanoTime();
        if (now - lastSweep < IDLE_BINDING.toNanos() / 3) {
            return;
        }
        lastSweep = now;
        bindings.values().removeIf(b -> {
            if (now - b.lastFromNode < IDLE_BINDING.toNanos()) {
                return false;
            }
            closeQuietly(b.outside);
            return true;
        });
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(inside);
        bindings.values().forEach(b -> closeQuietly(b.outside));
    }

    private static void closeQuietly(DatagramChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
