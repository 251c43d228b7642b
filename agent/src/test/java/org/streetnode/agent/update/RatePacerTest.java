package org.streetnode.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The download rate limit, on a clock of the test's. */
class RatePacerTest {
    private long now = 5_000_000_000L;
    private final List<Duration> waits = new ArrayList<>();

    private RatePacer pacer(long bytesPerSecond) {
        return new RatePacer(bytesPerSecond, () -> now, d -> {
            waits.add(d);
            now += d.toNanos();
        });
    }

    @Test
    void blocksThatComeFasterThanTheRateWaitForIt() throws Exception {
        RatePacer p = pacer(10_240);
        for (int i = 0; i < 10; i++) {
            p.paced(1024);
        }
        assertThat(waits).hasSize(10).allMatch(d -> d.equals(Duration.ofMillis(100)));
        assertThat(now - 5_000_000_000L).isEqualTo(1_000_000_000L);
    }

    @Test
    void blocksThatComeSlowerThanTheRateDoNotWaitAtAll() throws Exception {
        RatePacer p = pacer(10_240);
        for (int i = 0; i < 10; i++) {
            now += 200_000_000L;
            p.paced(1024);
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void aQuietSpellLendsAtMostOneSecondOfBytesToTheBlocksAfterIt() throws Exception {
        RatePacer p = pacer(10_240);
        p.paced(1024);
        now += 2_000_000_000L; // two seconds of nothing
        for (int i = 0; i < 20; i++) {
            p.paced(1024);
        }
        // the first block waits its 0.1 s; after the pause ten blocks (one second's worth) go at once,
        // the other ten at the rate
        long total = waits.stream().mapToLong(Duration::toNanos).sum();
        assertThat(total).isEqualTo(100_000_000L + 10 * 100_000_000L);
    }
}
