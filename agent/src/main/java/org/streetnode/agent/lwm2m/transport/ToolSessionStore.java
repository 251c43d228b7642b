package org.streetnode.agent.lwm2m.transport;

import java.net.InetSocketAddress;
import java.util.Iterator;
import org.eclipse.californium.elements.util.LeastRecentlyUsedCache.Timestamped;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.ConnectionEvictedException;
import org.eclipse.californium.scandium.dtls.InMemoryConnectionStore;
import org.eclipse.californium.scandium.dtls.SessionStore;
import org.tinylog.Logger;

/**
 * The node's DTLS connections: the one with its own LwM2M server, and at most
 * {@code maxToolSessions} that other peers (the platform's CoAP tools) opened. When a new tool
 * connection comes and that many are held, the least recently used tool connection goes at once.
 *
 * <p>Californium's own store never does that: it evicts only connections idle for longer than its
 * stale threshold (30 min by default), so once its capacity (Leshan's client sets 10) was taken by
 * tool runs that ended without a close_notify, every further handshake was dropped for half an
 * hour. Lowering the threshold instead would let an idle session with the server go too, costing
 * a full handshake at the next Send. The connection with the server is told apart by its peer
 * address, the server's; it is never evicted here.
 */
final class ToolSessionStore extends InMemoryConnectionStore {
    /** Room besides the tools: the server's connection, and a second one while it is being replaced. */
    private static final int SERVER_SLOTS = 2;

    private final InetSocketAddress server;
    private final int maxToolSessions;

    /**
     * @param server the LwM2M server's address: its connection is never evicted
     * @param maxToolSessions connections other peers may hold at once
     * @param staleThresholdSeconds Californium's threshold, kept for connections past it
     * @param sessions the session store of the DTLS configuration (resumption), may be null
     */
    ToolSessionStore(InetSocketAddress server, int maxToolSessions, long staleThresholdSeconds, SessionStore sessions) {
        super(maxToolSessions + SERVER_SLOTS, staleThresholdSeconds, sessions);
        this.server = server;
        this.maxToolSessions = maxToolSessions;
    }

    @Override
    public synchronized boolean put(Connection connection) {
        if (connection != null && !fromServer(connection)) {
            makeRoomForTool();
        }
        return super.put(connection);
    }

    /** The tool connections held now (for tests and diagnostics). */
    synchronized int toolSessions() {
        int tools = 0;
        for (Iterator<Connection> it = connections.valuesIterator(false); it.hasNext();) {
            if (!fromServer(it.next())) {
                tools++;
            }
        }
        return tools;
    }

    private void makeRoomForTool() {
        while (true) {
            int tools = 0;
            Timestamped<Connection> oldest = null;
            for (Iterator<Timestamped<Connection>> it = connections.timestampedIterator(); it.hasNext();) {
                Timestamped<Connection> t = it.next();
                if (fromServer(t.getValue())) {
                    continue;
                }
                tools++;
                if (oldest == null || t.getLastUpdate() - oldest.getLastUpdate() < 0) {
                    oldest = t;
                }
            }
            if (tools < maxToolSessions || oldest == null) {
                return;
            }
            evict(oldest.getValue());
        }
    }

    private void evict(Connection victim) {
        if (victim.hasOngoingHandshake()) {
            victim.getOngoingHandshake().handshakeFailed(new ConnectionEvictedException("room for a newer tool session"));
        }
        if (!remove(victim, false)) {
            connections.remove(victim.getConnectionId());
        }
        Logger.debug("lwm2m: DTLS session {} of a tool peer closed to make room for a newer one", victim.getConnectionId());
    }

    private boolean fromServer(Connection c) {
        return server.equals(c.getPeerAddress());
    }
}
