package org.streetnode.agent.delivery;

/**
 * Where the buffer stands, for a platform that missed Sends to compare with what it has.
 *
 * @param epoch the store's epoch (a new one after a store is replaced)
 * @param first the oldest sequence number still buffered (last + 1 when nothing is)
 * @param last the last sequence number committed
 */
public record BufferSequence(long epoch, long first, long last) {
}
