package org.streetnode.agent.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The soaks' judge of the buffer: after each run of the agent ends (killed, cut off or
 * stopped), what its store's files hold ({@link StoreFile}) against what the server received
 * ({@link ServerLedger}). No line per reading is needed: the store says how far it committed,
 * the server what arrived.
 * <ul>
 *   <li>every seq up to the store's last committed one arrived at the server or is still stored
 *       (nothing committed is lost);</li>
 *   <li>no seq above the store's last committed one ever arrived (else a commit was taken back,
 *       and that number would be given to another reading);</li>
 *   <li>the last committed seq never goes back, the epoch never changes and the epoch file agrees
 *       with the store, nothing is dropped or set aside.</li>
 * </ul>
 */
final class BufferOracle {
    private static final long MEMORY_EPOCHS = 1L << 62;

    private final ServerLedger ledger;
    private final Path storeDir;
    private final Path scratch;
    private final List<String> violations;
    /** Committed seqs of the current epoch not yet seen at the server: each must still be stored. */
    private final TreeSet<Long> unreceived = new TreeSet<>();
    private long epoch = -1;
    private long lastSeq;

    BufferOracle(ServerLedger ledger, Path storeDir, Path scratch, List<String> violations) {
        this.ledger = ledger;
        this.storeDir = storeDir;
        this.scratch = scratch;
        this.violations = violations;
    }

    /** Readings committed in the current epoch so far. */
    long committed() {
        return lastSeq;
    }

    /** Readings of the current epoch the server has. */
    long acknowledged() {
        return ledger.distinct(epoch);
    }

    /** Committed readings not yet at the server: still in the store (else a violation said so). */
    long stillBuffered() {
        return unreceived.size();
    }

    /** Checks the store as the run that just ended left it; adds what is wrong to the violations. */
    void check(String run) throws Exception {
        settle();
        Optional<StoreFile> read = StoreFile.read(storeDir, scratch);
        if (read.isEmpty()) {
            if (ledger.epochs().stream().anyMatch(e -> e < MEMORY_EPOCHS)) {
                violations.add(run + ": no store file, yet the server has readings of epoch " + ledger.epochs()
                        + ": what was committed is lost, and the numbers may be given again");
            }
            return;
        }
        StoreFile s = read.get();
        if (epoch == -1) {
            epoch = s.epoch();
        } else if (s.epoch() != epoch) {
            violations.add(run + ": the store was replaced, epoch " + epoch + " -> " + s.epoch());
            epoch = s.epoch();
            lastSeq = 0;
            unreceived.clear();
        }
        if (!s.epochFile().equals(Optional.of(s.epoch()))) {
            violations.add(run + ": epoch file " + s.epochFile() + " does not match the store's epoch " + s.epoch());
        }
        if (s.lastSeq() < lastSeq) {
            violations.add(run + ": last committed seq went back from " + lastSeq + " to " + s.lastSeq());
        }
        long highest = ledger.highest(epoch);
        if (highest > s.lastSeq()) {
            violations.add(run + ": seq " + highest + " reached the server, but the store's last committed seq is "
                    + s.lastSeq() + ": that number would be given to another reading");
        }
        for (long e : ledger.epochs()) {
            if (e != epoch && e < MEMORY_EPOCHS) {
                violations.add(run + ": readings of epoch " + e + " arrived; the store's is " + epoch);
            }
        }
        for (long seq = lastSeq + 1; seq <= s.lastSeq(); seq++) {
            unreceived.add(seq);
        }
        lastSeq = Math.max(lastSeq, s.lastSeq());
        List<Long> lost = new ArrayList<>();
        for (var it = unreceived.iterator(); it.hasNext();) {
            long seq = it.next();
            if (ledger.received(epoch, seq)) {
                it.remove();
            } else if (!s.stored().get((int) seq)) {
                lost.add(seq);
                it.remove();
            }
        }
        if (!lost.isEmpty()) {
            violations.add(run + ": " + lost.size() + " committed readings neither stored nor received, e.g. seq "
                    + lost.subList(0, Math.min(5, lost.size())));
        }
        if (s.dropped() > 0 || s.rejected() > 0) {
            violations.add(run + ": the store dropped " + s.dropped() + " and set aside " + s.rejected() + " readings");
        }
    }

    /** Waits until the server has handled every datagram the dead agent sent. */
    private void settle() throws InterruptedException {
        long seen = -1;
        while (ledger.receipts() != seen) {
            seen = ledger.receipts();
            Thread.sleep(300);
        }
    }
}
