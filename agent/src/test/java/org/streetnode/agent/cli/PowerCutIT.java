package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts of the packaged agent, short: the 100-cut run is agent/src/bench/power-cut.sh.
 * Needs a C compiler for the layer (Debian: gcc, libc6-dev); skipped without one, failed in CI.
 */
class PowerCutIT {
    @TempDir
    Path dir;

    @Test
    void afterEachCutEveryCommittedReadingAndEveryAcknowledgedSettingIsThere() throws Exception {
        PowerCutSoak.Result prepared = PowerCutSoak.prepare(dir, 20261204L, PowerCutSoak.Accounts.BOOTSTRAPPED);
        PowerCutLayer.skipUnlessBuilt(prepared.soak().isPresent(), prepared.reason());
        PowerCutSoak.Tally tally = prepared.soak().get().run(5);
        System.out.println("power cuts: " + tally);
        assertThat(tally.violations()).isEmpty();
        assertThat(tally.committed()).isPositive();
        assertThat(tally.programsChecked()).isPositive();
        assertThat(tally.bootstraps()).as("the account from the bootstrap server kept through every cut").isEqualTo(1);
    }
}
