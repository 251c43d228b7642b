package org.streetnode.agent.delivery;

/**
 * Estimated SenML-CBOR bytes of a batch in the compact encoding proposed for the Send adapter
 * (records grouped by resource path so the base name is given once per run; one base time per
 * batch and a 16-bit relative time per record; values as float32; epoch and first seq once per
 * batch). Measured with Leshan's SenML-CBOR encoder in {@code WireSizeEstimate} (bench), see
 * BENCHMARKS.md. Used to hold replay to its bytes-per-second limit.
 */
public final class WireSize {
    /** Bytes per reading in a large batch: map header, t (uint16), v (float32), plus the order index. */
    public static final int PER_READING = 12;
    /** Bytes per batch: array header, batch header records (epoch, first seq, count) and base names. */
    public static final int PER_BATCH = 64;

    private WireSize() {}

    public static long of(int readings) {
        return PER_BATCH + (long) PER_READING * readings;
    }
}
