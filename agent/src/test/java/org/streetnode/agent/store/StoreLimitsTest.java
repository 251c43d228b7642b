package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.streetnode.agent.store.Readings.temperature;
import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.StoreSettings;

class StoreLimitsTest {
    static final long QUOTA = 256 * 1024;

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    ReadingStore store;

    ReadingStore open(StoreSettings s) {
        store = ReadingStore.open(s, clock, clock);
        return store;
    }

    StoreSettings settings() {
        return StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1)).withQuotaBytes(QUOTA);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theStoreNeverGrowsPastItsQuotaAndDropsTheOldestFirst() {
        open(settings());
        long appended = 0;
        for (int window = 0; window < 60; window++) {
            for (int i = 0; i < 500; i++) {
                store.append(temperature(appended++, clock.instant()));
            }
            store.flush();
            assertThat(store.metrics().bytesOnDisk()).as("bytes on disk after window %d", window).isLessThanOrEqualTo(QUOTA);
        }
        StoreMetrics m = store.metrics();
        assertThat(m.dropped().count(DropReason.QUOTA, Priority.NORMAL)).isPositive();
        assertThat(m.depth() + m.dropped().total()).isEqualTo(appended);
        // what is left is the newest readings, without holes
        List<StoredReading> left = readings(store.read(0, Long.MAX_VALUE, Integer.MAX_VALUE));
        assertThat(left).hasSize((int) m.depth());
        assertThat(left.get(left.size() - 1).seq()).isEqualTo(appended);
        assertThat(left.get(left.size() - 1).seq() - left.get(0).seq() + 1).isEqualTo(left.size());
        // it did not throw away much more than it had to: the store is still mostly full
        assertThat(m.depth()).isGreaterThan(3_000);
    }

    @Test
    void whenFullTheLowestPriorityGoesFirstAndAlarmsAreKeptLongest() {
        long quota = 512 * 1024;
        open(settings().withQuotaBytes(quota));
        int alarms = 0;
        int lows = 0;
        for (int i = 0; i < 6000; i++) {
            Priority p = i % 10 == 0 ? Priority.ALARM : i % 2 == 0 ? Priority.LOW : Priority.NORMAL;
            alarms += p == Priority.ALARM ? 1 : 0;
            lows += p == Priority.LOW ? 1 : 0;
            store.append(temperature(i, clock.instant()), p);
        }
        store.flush();
        assertThat(store.metrics().dropped().total()).isZero();

        // fill with normal readings until the first drops: only LOW may go while LOW is left
        while (store.metrics().dropped().total() == 0) {
            appendNormal(200);
        }
        DropCounts first = store.metrics().dropped();
        assertThat(first.count(DropReason.QUOTA, Priority.LOW)).isPositive().isLessThan(lows);
        assertThat(first.count(DropReason.QUOTA, Priority.NORMAL)).isZero();
        assertThat(first.count(DropReason.QUOTA, Priority.ALARM)).isZero();

        // keep filling: once LOW is gone NORMAL goes, alarms stay
        for (int i = 0; i < 60; i++) {
            appendNormal(500);
        }
        DropCounts later = store.metrics().dropped();
        assertThat(later.count(DropReason.QUOTA, Priority.LOW)).isEqualTo(lows);
        assertThat(later.count(DropReason.QUOTA, Priority.NORMAL)).isPositive();
        assertThat(later.count(DropReason.QUOTA, Priority.ALARM)).isZero();
        assertThat(readings(store.read(0, Long.MAX_VALUE, Integer.MAX_VALUE)))
                .filteredOn(r -> r.priority() == Priority.ALARM).hasSize(alarms);
        assertThat(store.metrics().bytesOnDisk()).isLessThanOrEqualTo(quota);
    }

    private void appendNormal(int n) {
        for (int i = 0; i < n; i++) {
            store.append(temperature(i, clock.instant()), Priority.NORMAL);
        }
        store.flush();
    }

    @Test
    void readingsOlderThanTheAgeLimitAreDroppedAndCounted() {
        open(settings().withQuotaBytes(8 * 1024 * 1024).withMaxAge(Duration.ofDays(1)));
        // three days, one reading a minute
        for (int minute = 0; minute < 3 * 24 * 60; minute++) {
            store.append(temperature(minute, clock.instant()), minute % 100 == 0 ? Priority.ALARM : Priority.NORMAL);
            if (minute % 60 == 59) {
                store.flush();
            }
            clock.advance(Duration.ofMinutes(1));
        }
        store.flush();
        StoreMetrics m = store.metrics();
        Instant limit = clock.instant().minus(Duration.ofDays(1));
        // checked at most every maxAge/10, so nothing is older than maxAge plus that interval
        assertThat(m.oldestReading()).hasValueSatisfying(t -> assertThat(t).isAfter(limit.minus(Duration.ofMinutes(145))));
        assertThat(m.dropped().total(DropReason.AGE)).isGreaterThan(2 * 24 * 60 - 200);
        assertThat(m.dropped().count(DropReason.AGE, Priority.ALARM)).isPositive();
        assertThat(m.dropped().total(DropReason.QUOTA)).isZero();
        assertThat(m.depth() + m.dropped().total()).isEqualTo(3 * 24 * 60);
    }

    @Test
    void ageIsNotJudgedWhileTheClockCannotBeTrusted() {
        MutableClock boot = MutableClock.at("1970-01-01T00:01:00Z");
        store = ReadingStore.open(settings().withMaxAge(Duration.ofDays(1)), boot, boot);
        store.append(Readings.unsynchronised(1, boot.instant()));
        store.flush();
        boot.advance(Duration.ofDays(3));
        store.append(Readings.unsynchronised(2, boot.instant()));
        store.flush();
        assertThat(store.metrics().depth()).isEqualTo(2);
        assertThat(store.metrics().dropped().total()).isZero();
    }

    @Test
    void readingsWhoseTimeIsUnknownAreNotJudgedByItOnceTheClockIsTrusted() {
        MutableClock boot = MutableClock.at("1970-01-01T00:01:00Z");
        store = ReadingStore.open(settings().withMaxAge(Duration.ofDays(1)), boot, boot);
        store.append(Readings.unsynchronised(1, boot.instant()));
        store.close();
        // the next boot synchronises: the earlier boot's reading cannot be corrected, and its
        // "1970" says nothing about its age; it is kept for the platform, flagged
        clock.reboot(Duration.ZERO, Duration.ofSeconds(30));
        store = ReadingStore.open(settings().withMaxAge(Duration.ofDays(1)), clock, clock);
        store.append(temperature(2, clock.instant()));
        store.clockSynchronised();
        store.flush();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::value, StoredReading::timeQuality)
                .containsExactly(tuple(1.0, TimeQuality.UNSYNCHRONISED), tuple(2.0, TimeQuality.SYNCHRONISED));
        assertThat(store.metrics().dropped().total()).isZero();
    }

    @Test
    void loweringTheQuotaGivesSpaceBackWithoutRewritingTheFile() throws Exception {
        open(settings().withQuotaBytes(4 * 1024 * 1024));
        for (int window = 0; window < 20; window++) {
            appendNormal(2_000);
        }
        store.close();
        long before = Files.size(dir.resolve("readings.db"));
        assertThat(before).isGreaterThan(QUOTA);

        open(settings());
        store.append(temperature(1, clock.instant()));
        store.flush();
        assertThat(store.metrics().bytesOnDisk()).isLessThanOrEqualTo(QUOTA);
        assertThat(store.metrics().dropped().total(DropReason.QUOTA)).isPositive();
    }

    @Test
    void dropCountsSurviveARestart() {
        open(settings());
        for (int window = 0; window < 30; window++) {
            appendNormal(500);
        }
        DropCounts before = store.metrics().dropped();
        assertThat(before.total()).isPositive();
        store.close();
        open(settings());
        assertThat(store.metrics().dropped()).isEqualTo(before);
    }
}
