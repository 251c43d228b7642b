package org.streetnode.agent.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The identities of readings sent straight from memory while the store cannot be written, and
 * the batch of them whose outcome is not known yet. Numbers count from 1 in the run's own
 * {@link #epoch()}; see package-info, "Identity of readings sent from memory". Not thread-safe:
 * {@link ReadingStore} calls it under its database lock.
 */
final class MemoryLane {
    private record Sent(long seq, PendingBuffer.Entry entry) {}

    private final long epoch;
    private long lastSeq;
    private List<Sent> inFlight = List.of();

    MemoryLane(BootClock bootClock) {
        this.epoch = drawEpoch(bootClock);
    }

    /**
     * 2<sup>62</sup> plus 62 bits of SHA-256 over the boot id and the boot clock now: no other run
     * of the agent, in this boot or any other, draws the same but by a 62-bit collision, and
     * nothing needs to be written for it.
     */
    private static long drawEpoch(BootClock bootClock) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(
                    (bootClock.bootId() + "/" + bootClock.nanos()).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return 1L << 62 | ByteBuffer.wrap(digest).getLong() & (1L << 62) - 1;
    }

    long epoch() {
        return epoch;
    }

    /** Whether a batch sent from memory waits for its outcome. */
    boolean waiting() {
        return !inFlight.isEmpty();
    }

    int size() {
        return inFlight.size();
    }

    /** Numbers the entries, which are being sent now, and holds them until {@link #settle}. */
    List<StoredRecord> send(List<PendingBuffer.Entry> entries) {
        List<Sent> sent = new ArrayList<>(entries.size());
        for (PendingBuffer.Entry e : entries) {
            sent.add(new Sent(++lastSeq, e));
        }
        inFlight = List.copyOf(sent);
        return inFlight();
    }

    /** The records sent and not yet answered, with their identities: resent as they are. */
    List<StoredRecord> inFlight() {
        List<StoredRecord> out = new ArrayList<>(inFlight.size());
        for (Sent s : inFlight) {
            out.add(s.entry().stored(s.seq()));
        }
        return out;
    }

    /** The server answered for these: they are forgotten. */
    void settle(SeqRange range) {
        inFlight = inFlight.stream().filter(s -> !range.contains(s.seq())).toList();
    }

    /** Gives up the readings still waiting for their outcome, to be committed. */
    List<PendingBuffer.Entry> takeBack() {
        List<PendingBuffer.Entry> entries = inFlight.stream().map(Sent::entry).toList();
        inFlight = List.of();
        return entries;
    }
}
