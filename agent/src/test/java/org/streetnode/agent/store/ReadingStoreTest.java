package org.streetnode.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.streetnode.agent.store.Readings.temperature;
import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.drivers.Quantity;

class ReadingStoreTest {
    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    ReadingStore store;

    /** A window so long that only flush(), an alarm or a full window commits. */
    StoreSettings settings() {
        return StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1));
    }

    ReadingStore open(StoreSettings s) {
        store = ReadingStore.open(s, clock, clock);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void readingsAreInvisibleUntilTheirGroupCommitAndThenGetSeqsFromOne() {
        open(settings());
        for (int i = 0; i < 5; i++) {
            store.append(temperature(20 + i, clock.instant().plusSeconds(i)));
        }
        assertThat(readings(store.read(0, Long.MAX_VALUE, 100))).isEmpty();
        assertThat(store.metrics().pendingInMemory()).isEqualTo(5);

        store.flush();

        List<StoredReading> read = readings(store.read(0, Long.MAX_VALUE, 100));
        assertThat(read).extracting(StoredReading::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(read).extracting(StoredReading::value).containsExactly(20.0, 21.0, 22.0, 23.0, 24.0);
        assertThat(read.get(2).timestamp()).isEqualTo(clock.instant().plusSeconds(2));
        assertThat(read.get(0).quantity()).isEqualTo(Quantity.TEMPERATURE);
        assertThat(read.get(0).sensorId()).isEqualTo("bme280");
        assertThat(read.get(0).timeQuality()).isEqualTo(TimeQuality.SYNCHRONISED);
        assertThat(store.lastSeq()).isEqualTo(5);
    }

    @Test
    void priorityTablesAreReadBackAsOneSequenceOldestFirst() {
        open(settings());
        store.append(temperature(1, clock.instant()), Priority.LOW);
        store.append(temperature(2, clock.instant()), Priority.NORMAL);
        store.append(temperature(3, clock.instant()), Priority.LOW);
        store.append(temperature(4, clock.instant()), Priority.ALARM);
        store.flush();

        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::seq, StoredReading::priority)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, Priority.LOW),
                        org.assertj.core.groups.Tuple.tuple(2L, Priority.NORMAL),
                        org.assertj.core.groups.Tuple.tuple(3L, Priority.LOW),
                        org.assertj.core.groups.Tuple.tuple(4L, Priority.ALARM));
        assertThat(readings(store.read(1, 3, 10))).extracting(StoredReading::seq).containsExactly(2L, 3L);
        assertThat(readings(store.read(0, Long.MAX_VALUE, 2))).extracting(StoredReading::seq).containsExactly(1L, 2L);
    }

    @Test
    void seqAndEpochContinueAfterReopenEvenWhenEverythingWasAcknowledged() {
        open(settings());
        long epoch = store.epoch();
        for (int i = 0; i < 3; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.flush();
        store.acknowledge(epoch, new SeqRange(1, 3));
        store.flush();
        assertThat(store.metrics().depth()).isZero();
        store.close();

        open(settings());
        assertThat(store.epoch()).isEqualTo(epoch);
        assertThat(store.lastSeq()).isEqualTo(3);
        store.append(temperature(9, clock.instant()));
        store.flush();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::seq).containsExactly(4L);
    }

    @Test
    void theEpochLivesInItsOwnFileAndAFreshStoreTakesANewOne() throws Exception {
        open(settings());
        long first = store.epoch();
        store.close();
        assertThat(Files.readString(dir.resolve("epoch")).strip()).isEqualTo(Long.toString(first));

        Files.delete(dir.resolve("readings.db"));
        open(settings());
        assertThat(store.epoch()).isGreaterThan(first);
        assertThat(Files.readString(dir.resolve("epoch")).strip()).isEqualTo(Long.toString(store.epoch()));
        assertThat(store.lastSeq()).isZero();
    }

    @Test
    void acknowledgedReadingsAreHiddenAtOnceAndDeletedInTheNextCommit() {
        open(settings());
        for (int i = 0; i < 6; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.flush();
        store.acknowledge(store.epoch(), new SeqRange(1, 4));
        store.acknowledge(store.epoch() + 1, new SeqRange(5, 6)); // another epoch's batch: ignored

        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::seq).containsExactly(5L, 6L);
        assertThat(readings(store.read(0, Long.MAX_VALUE, 2))).extracting(StoredReading::seq).containsExactly(5L, 6L);
        assertThat(store.metrics().depth()).isEqualTo(6);
        store.flush();
        assertThat(store.metrics().depth()).isEqualTo(2);
    }

    @Test
    void anAlarmIsCommittedWithoutWaitingForTheWindow() {
        open(settings());
        store.append(temperature(1, clock.instant()));
        store.append(temperature(99, clock.instant()), Priority.ALARM);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.lastSeq() == 2);
    }

    @Test
    void theCommitterCommitsEachWindowByItself() {
        open(settings().withCommitWindow(Duration.ofMillis(50)));
        store.append(temperature(1, clock.instant()));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.lastSeq() == 1);
    }

    @Test
    void aFullWindowIsCommittedWithoutWaiting() {
        open(settings().withMemoryQueue(10, 100));
        for (int i = 0; i < 10; i++) {
            store.append(temperature(i, clock.instant()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.lastSeq() == 10);
    }

    @Test
    void rejectedReadingsMoveToTheRejectedTable() {
        open(settings());
        for (int i = 0; i < 4; i++) {
            store.append(temperature(i, clock.instant()));
        }
        store.flush();
        store.reject(store.epoch(), new SeqRange(2, 3));
        store.flush();
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).extracting(StoredReading::seq).containsExactly(1L, 4L);
        assertThat(store.metrics().rejectedReadings()).isEqualTo(2);
    }

    @Test
    void metricsDescribeTheStore() {
        open(settings());
        store.append(temperature(1, clock.instant().minusSeconds(30)));
        store.append(temperature(2, clock.instant()));
        store.flush();
        store.append(temperature(3, clock.instant()));
        StoreMetrics m = store.metrics();
        assertThat(m.depth()).isEqualTo(2);
        assertThat(m.pendingInMemory()).isEqualTo(1);
        assertThat(m.lastSeq()).isEqualTo(2);
        assertThat(m.oldestReading()).contains(clock.instant().minusSeconds(30));
        assertThat(m.bytesOnDisk()).isPositive();
        assertThat(m.alarm()).isEmpty();
        assertThat(m.dropped().total()).isZero();
    }

    @Test
    void closeCommitsTheOpenWindowAndRemovesTheOpenMarker() {
        open(settings());
        store.append(temperature(1, clock.instant()));
        assertThat(dir.resolve("readings.open")).exists();
        store.close();
        assertThat(dir.resolve("readings.open")).doesNotExist();
        assertThat(dir.resolve("readings.db-wal")).doesNotExist();
        store = null;
        open(settings());
        assertThat(readings(store.read(0, Long.MAX_VALUE, 10))).hasSize(1);
        assertThat(store.alarm()).isEmpty();
    }
}
