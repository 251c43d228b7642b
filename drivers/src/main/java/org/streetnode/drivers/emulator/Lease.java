package org.streetnode.drivers.emulator;

/**
 * A port's hold on its board node. Unplugging the node ends every lease on it for good: a device
 * plugged back in is a new device, which only a port opened afresh reaches (as a tty's file
 * descriptor stays dead after its USB adapter was replugged).
 */
final class Lease {

    final BoardNode node;
    final int generation;
    private volatile boolean closed;

    Lease(BoardNode node, int generation) {
        this.node = node;
        this.generation = generation;
    }

    void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}
