package org.streetnode.agent.delivery;

/**
 * Estimated SenML-CBOR bytes of a batch in the compact layout proposed for the Send adapter:
 * records grouped by resource path so the base name is written once per run, one base time per
 * batch and an integer relative time per record, values as float32, and epoch, first seq and a
 * 4-bit order index (which run holds the next seq) once per batch. Measured with the CBOR
 * library Leshan uses and decoded back by Leshan's SenML decoder ({@code WireSizeEstimate} in
 * the bench sources): 2,887 bytes for 240 readings of 12 sensors. Used to hold replay to its
 * bytes-per-second limit.
 */
public final class WireSize {
    /** Per reading in a large batch: map, t (uint16), v (float32): 11 bytes, plus half a byte of order index. */
    public static final int PER_READING = 12;
    /** Per batch: the header records and one base name per sensor run (12 sensors). */
    public static final int PER_BATCH = 240;

    private WireSize() {}

    public static long of(int readings) {
        return PER_BATCH + (long) PER_READING * readings;
    }
}
