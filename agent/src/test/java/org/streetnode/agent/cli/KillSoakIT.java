package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kill -9 soak of the packaged agent, short: the 1,000-cycle run is agent/src/bench/kill-soak.sh. */
class KillSoakIT {
    @TempDir
    Path dir;

    @Test
    void theAgentKilledAtRandomMomentsLosesNothingCommittedAndResendsAtMostABatchPerKill() throws Exception {
        KillSoak.Tally tally = new KillSoak(dir, 20261204L).run(12);
        System.out.println("kill soak: " + tally);
        assertThat(tally.violations()).isEmpty();
        assertThat(tally.committed()).isPositive();
        assertThat(tally.acknowledged() + tally.stillBuffered()).isEqualTo(tally.committed());
        assertThat(tally.maxResentPerKill()).isLessThanOrEqualTo(KillSoak.MAX_BATCH);
    }
}
