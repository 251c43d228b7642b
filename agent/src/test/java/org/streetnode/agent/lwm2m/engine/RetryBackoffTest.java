package org.streetnode.agent.lwm2m.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
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
    void jitterDrawsEachWaitBetweenHalfAndAllOfIt() {
        RetryBackoff backoff = new RetryBackoff(new SplittableRandom(7));
        for (int i = 0; i < 1000; i++) {
            Duration w = backoff.afterAttempt(Duration.ofSeconds(30), 2);
            assertThat(w).isGreaterThan(Duration.ofSeconds(30)).isLessThanOrEqualTo(Duration.ofSeconds(60));
            Duration s = backoff.afterSequence(Duration.ofMinutes(10));
            assertThat(s).isGreaterThan(Duration.ofMinutes(5)).isLessThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void nodesThatFailTogetherDoNotRetryTogether() {
        // a thousand nodes lose the server at the same moment, each with its own random source
        Set<Long> secondsOfFirstRetry = new HashSet<>();
        RandomGenerator seeds = new SplittableRandom(1);
        for (int node = 0; node < 1000; node++) {
            RetryBackoff backoff = new RetryBackoff(new SplittableRandom(seeds.nextLong()));
            secondsOfFirstRetry.add(backoff.afterAttempt(Duration.ofSeconds(30), 1).toSeconds());
        }
        // their first retries spread over the whole 15..30 s window, not one instant
        assertThat(secondsOfFirstRetry).hasSizeGreaterThanOrEqualTo(15);
    }
}
