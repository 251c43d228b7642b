package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.StoreSettings;

/**
 * Correcting the time of readings taken before the clock was synchronised, from where they were
 * taken on the boot's clock (the delivery side: {@code delivery.ReadingTimeTest}).
 */
class ClockCorrectionTest {
    @TempDir
    Path dir;

    /** A Pi without RTC boots at fake-hwclock's guess (the last shutdown) until NTP steps the clock. */
    final MutableClock clock = MutableClock.at("2026-02-27T08:00:30Z");
    final Duration step = Duration.between(Instant.parse("2026-02-27T08:02:00Z"), Instant.parse("2026-03-01T12:00:00Z"));
    ReadingStore store;

    ReadingStore open() {
        store = ReadingStore.open(StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1)), clock, clock);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void readingsTakenBeforeSynchronisationAreShiftedByTheJumpAndMarkedCorrected() {
        open();
        Instant t1 = clock.instant();
        store.append(Readings.unsynchronised(1, t1));
        store.flush(); // committed
        clock.advance(Duration.ofSeconds(40));
        Instant t2 = clock.instant();
        store.append(Readings.unsynchronised(2, t2)); // still in the open window
        clock.advance(Duration.ofSeconds(50));
        clock.step(step); // NTP

        store.clockSynchronised();
        Instant t3 = clock.instant();
        store.append(Readings.temperature(3, t3));
        store.flush();

        List<StoredReading> read = readings(store.read(0, Long.MAX_VALUE, 10));
        assertThat(read).extracting(StoredReading::timestamp).containsExactly(t1.plus(step), t2.plus(step), t3);
        assertThat(read).extracting(StoredReading::timeQuality)
                .containsExactly(TimeQuality.CORRECTED, TimeQuality.CORRECTED, TimeQuality.SYNCHRONISED);
        assertThat(read.get(0).timestamp()).isEqualTo(Instant.parse("2026-03-01T11:58:30Z"));
        assertThat(read.get(1).timestamp()).isEqualTo(Instant.parse("2026-03-01T11:59:10Z"));
    }

    @Test
    void aSecondSynchronisationChangesNothing() {
        open();
        Instant t1 = clock.instant();
        store.append(Readings.unsynchronised(1, t1));
        clock.step(step);
        store.clockSynchronised();
        clock.step(Duration.ofHours(5));
        store.clockSynchronised();
        store.flush();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10)).get(0).timestamp()).isEqualTo(t1.plus(step));
    }

    @Test
    void readingsOfAnEarlierRunOfThisBootAreCorrectedButThoseOfAnEarlierBootCannotBe() {
        open();
        Instant earlierBoot = clock.instant();
        store.append(Readings.unsynchronised(1, earlierBoot));
        store.close();
        clock.reboot(Duration.ofMinutes(5), Duration.ofSeconds(20));

        open();
        Instant earlierRun = clock.instant();
        store.append(Readings.unsynchronised(2, earlierRun));
        store.close();
        clock.advance(Duration.ofSeconds(30)); // the agent restarted; the boot's clock ran on

        open();
        store.append(Readings.unsynchronised(3, clock.instant()));
        clock.step(step);
        store.clockSynchronised();
        store.flush();

        List<StoredReading> read = readings(store.read(0, Long.MAX_VALUE, 10));
        assertThat(read).extracting(StoredReading::timestamp)
                .containsExactly(earlierBoot, earlierRun.plus(step), earlierRun.plus(step).plusSeconds(30));
        assertThat(read).extracting(StoredReading::timeQuality)
                .containsExactly(TimeQuality.UNSYNCHRONISED, TimeQuality.CORRECTED, TimeQuality.CORRECTED);
    }

    @Test
    void aReadingFlaggedUnsynchronisedAMomentAfterTheSynchronisationIsSettledAtTheNextCall() {
        open();
        clock.step(step);
        store.clockSynchronised(); // nothing to correct yet
        Instant at = clock.instant();
        store.append(Readings.unsynchronised(1, at)); // the sampler asked the kernel a moment before
        store.flush();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10)).get(0).timeQuality()).isEqualTo(TimeQuality.UNSYNCHRONISED);

        store.clockSynchronised(); // the agent calls it every few seconds while synchronised
        StoredReading r = readings(store.read(0, Long.MAX_VALUE, 10)).get(0);
        assertThat(r.timeQuality()).isEqualTo(TimeQuality.CORRECTED);
        assertThat(r.timestamp()).isEqualTo(at);
    }

    @Test
    void readingsAreRecordedToTheSecondAndSoAreTheirCorrections() {
        open();
        store.append(Readings.unsynchronised(1, clock.instant().plusMillis(700)));
        clock.step(Duration.ofMillis(3_600_600)); // NTP: an hour and 0.6 s ahead
        store.clockSynchronised();
        store.append(Readings.temperature(2, clock.instant()));
        store.flush();

        List<StoredReading> read = readings(store.read(0, Long.MAX_VALUE, 10));
        assertThat(read).extracting(StoredReading::timestamp).containsExactly(
                Instant.parse("2026-02-27T09:00:31Z"), Instant.parse("2026-02-27T09:00:30Z"));
    }
}
