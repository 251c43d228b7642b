package org.streetnode.drivers.hotplug;

import java.util.Objects;
import java.util.Optional;
import org.streetnode.drivers.port.Port;
import org.streetnode.drivers.port.PortException;

/**
 * One port of a device that may be missing or go away: opened on first use; let go when an
 * operation on it fails, and opened afresh at once to tell a device that is gone (it cannot be
 * opened) from one that failed once (it can). Thread-safe.
 */
final class Reopener<P extends Port> {

    /** Opens the port on the board underneath. */
    @FunctionalInterface
    interface Opener<P> {
        P open() throws PortException;
    }

    /** One operation on the open port. */
    @FunctionalInterface
    interface Operation<P, T> {
        T on(P port) throws PortException;
    }

    private final String name;
    private final Opener<P> opener;
    /** Read without the lock by {@link #holds} and {@link #isOpen}: edges arrive on the board's thread. */
    private volatile P port;
    private boolean closed;

    /** @param name the port as people know it ("/dev/ttyUSB0", "GPIO23"), for messages */
    Reopener(String name, Opener<P> opener) {
        this.name = Objects.requireNonNull(name, "name");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /**
     * The open port, opened now if it is not.
     *
     * @throws PortException {@linkplain PortException#unavailable() unavailable}, saying why the
     *     port cannot be opened
     */
    synchronized P port() throws PortException {
        if (closed) {
            throw new PortException(name + " is closed");
        }
        if (port == null) {
            try {
                port = opener.open();
            } catch (PortException e) {
                throw e.unavailable() ? e : PortException.unavailable(e.getMessage(), e);
            }
        }
        return port;
    }

    /** Runs {@code operation} on the port, opening it first if need be; a failure goes through {@link #failed}. */
    <T> T use(Operation<P, T> operation) throws PortException {
        P open = port();
        try {
            return operation.on(open);
        } catch (PortException e) {
            throw failed(open, e);
        }
    }

    /**
     * An operation on {@code failed} failed: lets it go and opens the port afresh. Returns what to
     * throw: the original failure when the port opens again (the device is there), else why it
     * cannot be opened, {@linkplain PortException#unavailable() unavailable} (the device is gone).
     */
    synchronized PortException failed(P failed, PortException failure) {
        if (port == failed) {
            port = null;
            failed.close();
        }
        try {
            port();
            return failure;
        } catch (PortException gone) {
            return gone;
        }
    }

    /** Whether the port is open now. */
    boolean isOpen() {
        return port != null;
    }

    /** The port open now, if any (without opening it). */
    Optional<P> current() {
        return Optional.ofNullable(port);
    }

    /** Whether {@code p} is the port open now (not one let go). */
    boolean holds(P p) {
        return port == p;
    }

    synchronized void close() {
        closed = true;
        if (port != null) {
            port.close();
            port = null;
        }
    }
}
