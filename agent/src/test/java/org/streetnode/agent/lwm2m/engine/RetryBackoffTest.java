package org.streetnode.agent.lwm2m.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void doublesTheRetryTimerAfterEachFailedAttemptAsServerResource18Says() {
        Duration timer = Duration.ofSeconds(30);
        assertThat(RetryBackoff.attemptWait(timer, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryBackoff.attemptWait(timer, 2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryBackoff.attemptWait(timer, 3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryBackoff.attemptWait(timer, 5)).isEqualTo(Duration.ofSeconds(480));
        assertThat(RetryBackoff.attemptWait(timer, 100)).isEqualTo(RetryBackoff.LONGEST_WAIT);
    }

    @Test
    void theFirstWaitOfAnOutageIsDrawnOverTheWholeWaitAndLaterOnesAreExact() {
        RetryBackoff backoff = new RetryBackoff(new SplittableRandom(7), true);
        Duration shortest = Duration.ofMinutes(1);
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 1000; i++) {
            Duration first = backoff.afterSequence(Duration.ofMinutes(1), true);
            assertThat(first).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
            shortest = first.compareTo(shortest) < 0 ? first : shortest;
            longest = first.compareTo(longest) > 0 ? first : longest;
            assertThat(backoff.afterSequence(Duration.ofMinutes(1), false)).isEqualTo(Duration.ofMinutes(1));
            assertThat(backoff.afterAttempt(Duration.ofSeconds(30), 2, false)).isEqualTo(Duration.ofSeconds(60));
        }
        // the phase covers the whole wait, not its second half only
        assertThat(shortest).isLessThan(Duration.ofSeconds(3));
        assertThat(longest).isGreaterThan(Duration.ofSeconds(57));
    }

    @Test
    void nodesThatFailTogetherComeBackEvenlySpreadOverOneWait() {
        // a thousand nodes lose the server at the same moment, each with its own random source,
        // and retry once a minute for an hour: when the server returns, each node's next attempt
        // falls in a different second of the minute in about equal numbers
        int[] perSecond = new int[60];
        RandomGenerator seeds = new SplittableRandom(1);
        long returnMs = Duration.ofMinutes(60).plusSeconds(17).toMillis();
        for (int node = 0; node < 1000; node++) {
            RetryBackoff backoff = new RetryBackoff(new SplittableRandom(seeds.nextLong()), true);
            long t = backoff.afterSequence(Duration.ofMinutes(1), true).toMillis();
            while (t < returnMs) {
                t += backoff.afterSequence(Duration.ofMinutes(1), false).toMillis();
            }
            perSecond[(int) ((t - returnMs) / 1000)]++;
        }
        // 1000 / 60 = 16.7 a second on average; independent uniform phases stay within 2x of it
        assertThat(Arrays.stream(perSecond).max().orElseThrow()).isLessThanOrEqualTo(33);
        assertThat(Arrays.stream(perSecond).min().orElseThrow()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void withoutJitterEveryWaitIsExactlyTheSettingsValue() {
        RetryBackoff backoff = new RetryBackoff(new SplittableRandom(7), false);
        assertThat(backoff.afterSequence(Duration.ofMinutes(1), true)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.afterAttempt(Duration.ofSeconds(30), 1, true)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.afterAttempt(Duration.ofSeconds(30), 3, false)).isEqualTo(Duration.ofSeconds(120));
    }
}
