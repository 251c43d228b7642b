package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 at random moments: nothing committed is lost, seqs have no gaps, the store never corrupts. */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void aStoreKilledAtRandomMomentsLosesOnlyItsOpenWindow() throws Exception {
        CrashHarness.Tally tally = new CrashHarness(dir, 20260301L, 20).run(24);
        System.out.println("crash test: " + tally);
        assertThat(tally.failures()).isEmpty();
        assertThat(tally.committedReported()).isPositive();
        assertThat(tally.lastSeq()).isGreaterThanOrEqualTo(tally.committedReported());
    }
}
