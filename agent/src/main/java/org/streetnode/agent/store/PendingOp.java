package org.streetnode.agent.store;

/**
 * A change the delivery engine asked for, applied in the next group commit so that it costs no
 * transaction (and no flash write) of its own.
 */
sealed interface PendingOp {
    SeqRange range();

    /** The server acknowledged these readings: delete them. */
    record Delete(SeqRange range) implements PendingOp {}

    /** The server rejected these readings as malformed: move them to the rejected table. */
    record Reject(SeqRange range) implements PendingOp {}
}
