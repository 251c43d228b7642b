package org.streetnode.agent.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The demo's fast clock, on a monotonic source the test moves by hand. */
class ScaledClockTest {
    private static final Instant START = Instant.parse("2025-12-21T15:13:00Z");

    /** Starts somewhere arbitrary, as System.nanoTime does. */
    private final AtomicLong nanos = new AtomicLong(-7_000_123_456L);

    @Test
    void runsSpeedTimesFasterThanRealTimeFromItsStart() {
        ScaledClock clock = ScaledClock.startingAt(START, 60, nanos::get);
        assertThat(clock.instant()).isEqualTo(START);

        nanos.addAndGet(Duration.ofMillis(1_500).toNanos());
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
        nanos.addAndGet(Duration.ofMillis(10).toNanos());
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(90).plusMillis(600));
        assertThat(clock.millis()).isEqualTo(START.plusMillis(90_600).toEpochMilli());
    }

    @Test
    void aLoopSleepingUntilAnInstantOfTheClockSleepsTheSpanOverTheSpeedInRealTime() {
        ScaledClock clock = ScaledClock.startingAt(START, 60, nanos::get);
        Duration wait = ScaledClock.realTime(clock.withZone(java.time.ZoneId.of("Europe/Berlin")), Duration.ofMinutes(2));
        assertThat(wait).isEqualTo(Duration.ofSeconds(2));
        nanos.addAndGet(wait.toNanos());
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(2)));
        assertThat(ScaledClock.realTime(java.time.Clock.systemUTC(), Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void atSpeedOneItIsRealTime() {
        ScaledClock clock = ScaledClock.startingAt(START, 1, nanos::get);
        nanos.addAndGet(Duration.ofMinutes(10).plusNanos(17).toNanos());
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(10).plusNanos(17)));
    }

    @Test
    void aLongRunAtTheHighestSpeedDoesNotOverflow() {
        ScaledClock clock = ScaledClock.startingAt(START, 120, nanos::get);
        nanos.addAndGet(Duration.ofDays(200).plusNanos(999_999_999).toNanos());
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(200 * 120)).plusNanos(999_999_999L * 120));
    }

    @Test
    void anotherZoneIsTheSameTimeline() {
        ScaledClock clock = ScaledClock.startingAt(START, 100, nanos::get);
        var berlin = clock.withZone(ZoneId.of("Europe/Berlin"));
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());

        assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.instant()).isEqualTo(clock.instant()).isEqualTo(START.plusSeconds(300));
    }

    @Test
    void twoClocksInOneJvmKeepTheirOwnTimelines() {
        ScaledClock fast = ScaledClock.startingAt(START, 120, nanos::get);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        ScaledClock slow = ScaledClock.startingAt(START, 2, nanos::get);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(fast.instant()).isEqualTo(START.plusSeconds(240));
        assertThat(slow.instant()).isEqualTo(START.plusSeconds(2));
    }

    @Test
    void aSpeedBelowOneIsRefused() {
        assertThatThrownBy(() -> ScaledClock.startingAt(START, 0, nanos::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("speed must be 1 or more, not 0");
    }
}
