package org.streetnode.agent.lwm2m.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.lwm2m.object.ServerObject.RetrySettings;

class RetryPolicyTest {
    /** The node's former defaults: 5 attempts from 30 s, 10 min between sequences, 4 sequences. */
    private static final RetrySettings DEFAULTS = new RetrySettings(5, Duration.ofSeconds(30), Duration.ofMinutes(10), 4,
            true, false);

    private final RetryPolicy policy = new RetryPolicy(new RetryBackoff(new SplittableRandom(3), true));

    @Test
    void aSequenceIsRetryCountAttemptsThenTheSequenceDelay() {
        List<RetryPolicy.Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            decisions.add(policy.failed(DEFAULTS, false, false));
        }
        assertThat(decisions).hasSize(5).allSatisfy(d -> assertThat(d).isInstanceOf(RetryPolicy.Wait.class));
        assertThat(decisions.subList(0, 4)).allSatisfy(d -> assertThat(((RetryPolicy.Wait) d).sequenceFailed()).isFalse());
        RetryPolicy.Wait last = (RetryPolicy.Wait) decisions.get(4);
        assertThat(last.sequenceFailed()).isTrue();
        assertThat(last.delay()).isEqualTo(Duration.ofMinutes(10));
        // the first wait took a random phase; the 4th failed attempt waited exactly 30 s * 2^3
        assertThat(((RetryPolicy.Wait) decisions.get(0)).delay()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(((RetryPolicy.Wait) decisions.get(3)).delay()).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void aServerDownForHoursIsRetriedForHoursNeverWaitingLongerThanTheSettingsSay() {
        // no bootstrap server: the node keeps trying, however long the outage
        Duration elapsed = Duration.ZERO;
        Duration longest = Duration.ZERO;
        int attempts = 0;
        while (elapsed.compareTo(Duration.ofHours(8)) < 0) {
            RetryPolicy.Decision d = policy.failed(DEFAULTS, false, false);
            assertThat(d).isInstanceOf(RetryPolicy.Wait.class);
            Duration wait = ((RetryPolicy.Wait) d).delay();
            longest = wait.compareTo(longest) > 0 ? wait : longest;
            elapsed = elapsed.plus(wait);
            attempts++;
        }
        assertThat(longest).isLessThanOrEqualTo(Duration.ofMinutes(10));
        // 5 attempts per 17.5-minute cycle
        assertThat(attempts).isBetween(130, 140);
    }

    @Test
    void afterRetryCountSequencesTheBootstrapServerIsAsked() {
        int failures = 0;
        RetryPolicy.Decision d;
        do {
            d = policy.failed(DEFAULTS, false, true);
            failures++;
        } while (d instanceof RetryPolicy.Wait);
        assertThat(d).isInstanceOf(RetryPolicy.Bootstrap.class);
        assertThat(failures).isEqualTo(5 * 4);
        // and the count starts over
        assertThat(policy.failed(DEFAULTS, false, true)).isInstanceOf(RetryPolicy.Wait.class);
    }

    @Test
    void aRefusalGoesToTheBootstrapServerAtOnceButIsRetriedWithoutOne() {
        assertThat(policy.failed(DEFAULTS, true, true)).isInstanceOf(RetryPolicy.Bootstrap.class);
        assertThat(policy.failed(DEFAULTS, true, false)).isInstanceOf(RetryPolicy.Wait.class);
        RetrySettings noBootstrapOnFailure = new RetrySettings(5, Duration.ofSeconds(30), Duration.ofMinutes(10), 4,
                false, false);
        assertThat(policy.failed(noBootstrapOnFailure, true, false)).isInstanceOf(RetryPolicy.Wait.class);
    }

    @Test
    void theMaximumSequenceDelayMeansStopAfterTheSequence() {
        RetrySettings oneShot = new RetrySettings(2, Duration.ofSeconds(1), Duration.ZERO, 9, true, true);
        assertThat(policy.failed(oneShot, false, false)).isInstanceOf(RetryPolicy.Wait.class);
        assertThat(policy.failed(oneShot, false, false)).isInstanceOf(RetryPolicy.GiveUp.class);
    }

    @Test
    void theNodesDefaultsTryOnceAMinuteForAnHourBeforeAskingTheBootstrapServer() {
        RetrySettings defaults = new RetrySettings(1, Duration.ofSeconds(30), Duration.ofMinutes(1), 60, true, false);
        List<Duration> waits = new ArrayList<>();
        RetryPolicy.Decision d;
        while ((d = policy.failed(defaults, false, true)) instanceof RetryPolicy.Wait w) {
            assertThat(w.sequenceFailed()).isTrue();
            waits.add(w.delay());
        }
        assertThat(d).isInstanceOf(RetryPolicy.Bootstrap.class);
        assertThat(waits).hasSize(59);
        assertThat(waits.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(waits.subList(1, 59)).containsOnly(Duration.ofMinutes(1));
    }

    @Test
    void aSuccessStartsTheCountOver() {
        for (int i = 0; i < 4; i++) {
            policy.failed(DEFAULTS, false, false);
        }
        policy.succeeded();
        RetryPolicy.Wait w = (RetryPolicy.Wait) policy.failed(DEFAULTS, false, false);
        assertThat(w.sequenceFailed()).isFalse();
        assertThat(w.delay()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        // and the next outage draws a new phase: the wait is not the exact 30 s
        List<Duration> firsts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            policy.succeeded();
            firsts.add(((RetryPolicy.Wait) policy.failed(DEFAULTS, false, false)).delay());
        }
        assertThat(firsts).doesNotHaveDuplicates();
    }
}
