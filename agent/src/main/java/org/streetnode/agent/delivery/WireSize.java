package org.streetnode.agent.delivery;

/**
 * Estimated SenML-CBOR bytes of a batch as the node sends it ({@code CompactSendEncoder}: one base
 * name per resource, one base time, integer relative times, single-precision values, and the
 * Reading Sequence header with half a byte of order per reading); BENCHMARKS.md has what a
 * reading takes measured end to end over LwM2M. Used to choose how many
 * readings a replay batch may hold; the bytes-per-second limit is then charged what the batch
 * really takes encoded ({@link BatchSender#wireBytes}).
 */
public final class WireSize {
    /** Per reading in a large batch: map, t (uint16), v (float32): 11 bytes, plus half a byte of order index. */
    public static final int PER_READING = 12;
    /** Per batch: the header records and one base name per resource (12 resources). */
    public static final int PER_BATCH = 240;

    private WireSize() {}

    public static long of(int readings) {
        return PER_BATCH + (long) PER_READING * readings;
    }
}
