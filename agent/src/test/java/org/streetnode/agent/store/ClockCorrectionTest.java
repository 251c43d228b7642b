package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.StoreSettings;

class ClockCorrectionTest {
    @TempDir
    Path dir;

    /** A Pi without RTC boots at fake-hwclock's guess (the last shutdown) until NTP steps the clock. */
    final MutableClock clock = MutableClock.at("2026-02-27T08:00:30Z");
    final Duration step = Duration.between(Instant.parse("2026-02-27T08:02:00Z"), Instant.parse("2026-03-01T12:00:00Z"));
    ReadingStore store;

    ReadingStore open() {
        store = ReadingStore.open(StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1)), clock, clock::nanoTime);
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

        List<StoredReading> read = store.read(0, Long.MAX_VALUE, 10);
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
        assertThat(store.read(0, Long.MAX_VALUE, 10).get(0).timestamp()).isEqualTo(t1.plus(step));
    }

    @Test
    void readingsOfAnEarlierRunCannotBeCorrectedAndStayFlagged() {
        open();
        Instant earlier = clock.instant();
        store.append(Readings.unsynchronised(1, earlier));
        store.close();

        // the agent restarted (the monotonic clock of that run is gone), then NTP
        open();
        store.append(Readings.unsynchronised(2, clock.instant()));
        clock.step(step);
        store.clockSynchronised();
        store.flush();

        List<StoredReading> read = store.read(0, Long.MAX_VALUE, 10);
        assertThat(read.get(0).timestamp()).isEqualTo(earlier);
        assertThat(read.get(0).timeQuality()).isEqualTo(TimeQuality.UNSYNCHRONISED);
        assertThat(read.get(1).timeQuality()).isEqualTo(TimeQuality.CORRECTED);
    }

    @Test
    void readingsAreRecordedToTheSecondAndSoAreTheirCorrections() {
        open();
        store.append(Readings.unsynchronised(1, clock.instant().plusMillis(700)));
        clock.step(Duration.ofMillis(3_600_600)); // NTP: an hour and 0.6 s ahead
        store.clockSynchronised();
        store.append(Readings.temperature(2, clock.instant()));
        store.flush();

        List<StoredReading> read = store.read(0, Long.MAX_VALUE, 10);
        assertThat(read).extracting(StoredReading::timestamp).containsExactly(
                Instant.parse("2026-02-27T09:00:31Z"), Instant.parse("2026-02-27T09:00:30Z"));
    }
}
