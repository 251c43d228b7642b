package org.streetnode.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.reading.Reading;
import org.streetnode.drivers.Quantity;

class TrendsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T20:00:00Z");

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Reading reading(String sensor, Quantity q, double v, Instant t) {
        return new Reading(sensor, q, v, t, true);
    }

    @Test
    void keepsBucketMeansOfTheLastWindowOnly() {
        ManualClock clock = new ManualClock();
        Trends trends = new Trends(clock);
        trends.record(reading("air", Quantity.TEMPERATURE, 10, T0));
        trends.record(reading("air", Quantity.TEMPERATURE, 20, T0.plusSeconds(1)));
        trends.record(reading("air", Quantity.TEMPERATURE, 30, T0.plusSeconds(10)));
        clock.now = T0.plusSeconds(10);

        Trends.Series s = trends.snapshot().get(0);
        assertThat(s.points()).hasSize(Trends.BUCKETS);
        assertThat(s.points().get(Trends.BUCKETS - 1)).contains(30.0);
        assertThat(s.points().get(Trends.BUCKETS - 2)).isEmpty();
        assertThat(s.points().get(Trends.BUCKETS - 3)).contains(15.0);
        assertThat(s.latest()).isEqualTo(30);
        assertThat(s.at()).isEqualTo(T0.plusSeconds(10));
        assertThat(s.unit()).isEqualTo("Cel");

        // a window later, the old buckets are gone even though their ring slots were never reused
        clock.now = T0.plus(Trends.window()).plusSeconds(10);
        assertThat(trends.snapshot().get(0).points()).allMatch(Optional::isEmpty);
    }

    @Test
    void isBoundedInSeries() {
        Trends trends = new Trends(new ManualClock());
        for (int i = 0; i < Trends.MAX_SERIES + 10; i++) {
            trends.record(reading("s" + i, Quantity.POWER, i, T0));
        }
        assertThat(trends.snapshot()).hasSize(Trends.MAX_SERIES);
        assertThat(Trends.window()).isEqualTo(Duration.ofMinutes(5));
    }
}
