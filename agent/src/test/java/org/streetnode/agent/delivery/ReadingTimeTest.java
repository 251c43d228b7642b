package org.streetnode.agent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetnode.agent.store.Readings.readings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.store.MutableClock;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.ReadingStore;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.store.StoredReading;
import org.streetnode.agent.store.TimeQuality;
import org.streetnode.drivers.Quantity;

/**
 * The time each reading reaches the platform with, against the time it was really taken, on a
 * node without a real-time clock: the wall clock starts wrong, is stepped (once or twice), the
 * kernel goes on calling it unsynchronised for minutes after NTP set it, the agent restarts
 * between the readings and the synchronisation, and a boot may end without ever synchronising.
 * The store and the delivery engine run as the agent runs them, on an injected wall clock and
 * boot clock; what the sender is given is what the platform gets.
 */
class ReadingTimeTest {
    @TempDir
    Path dir;

    /** The true time of the test's world; the node's wall clock is this plus its error. */
    private Instant trueNow = Instant.parse("2026-03-01T06:00:00Z");
    /** Starts at fake-hwclock's guess: the last shutdown, two days ago. */
    private final MutableClock clock = new MutableClock(trueNow.minus(Duration.ofDays(2)));
    private final UplinkState uplink = new UplinkState();
    private final FakeSender sender = new FakeSender(clock);
    private final List<Taken> taken = new ArrayList<>();
    private ReadingStore store;
    private DeliveryEngine engine;
    private boolean kernelSaysSynchronised;

    private record Taken(double value, Instant trueTime, Instant wallTime, boolean flaggedSynchronised) {
    }

    private static final DeliverySettings SETTINGS = new DeliverySettings(50, 0, 0, Duration.ZERO, Duration.ofSeconds(4),
            Duration.ofSeconds(64), Duration.ofSeconds(30));

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private void startAgent() {
        store = ReadingStore.open(StoreSettings.defaults(dir).withCommitWindow(Duration.ofHours(1))
                .withMaxAge(Duration.ofDays(1)), clock, clock);
        engine = new DeliveryEngine(store, sender, uplink, SETTINGS, clock, new Random(1));
    }

    private void stopAgent() {
        store.close();
        store = null;
    }

    /** Time passes for the world and for the node's clocks alike. */
    private void pass(Duration d) {
        trueNow = trueNow.plus(d);
        clock.advance(d);
    }

    /** NTP (or fake-hwclock) sets the wall clock: only the wall clock moves. */
    private void step(Instant to) {
        clock.step(Duration.between(clock.instant(), to));
    }

    /** One reading a minute for {@code minutes}, flagged as the kernel says at the time. */
    private void takeReadings(int minutes) {
        for (int i = 0; i < minutes; i++) {
            double value = taken.size() + 1;
            Instant wall = clock.instant();
            engine.offer(new Reading("bme280", Quantity.TEMPERATURE, value, wall, kernelSaysSynchronised), Priority.NORMAL);
            taken.add(new Taken(value, trueNow, wall, kernelSaysSynchronised));
            pass(Duration.ofMinutes(1));
        }
        store.flush();
    }

    /** What BufferService does every few seconds while the kernel says the clock is synchronised. */
    private void kernelSynchronised() {
        kernelSaysSynchronised = true;
        store.clockSynchronised();
    }

    /** Registers and delivers everything; returns what the platform got, by value. */
    private Map<Double, StoredReading> deliverAll() {
        uplink.setRegistered(true);
        for (int i = 0; i < 100; i++) {
            engine.tick();
        }
        store.flush();
        assertThat(store.metrics().depth()).as("everything delivered").isZero();
        Map<Double, StoredReading> got = new TreeMap<>();
        sender.sent.forEach(s -> readings(s.batch().readings()).forEach(r -> got.put(r.value(), r)));
        assertThat(got).hasSize(taken.size());
        return got;
    }

    /** Every reading arrives at the second it was really taken. */
    private void assertRightTimes(Map<Double, StoredReading> got, List<Taken> readings) {
        for (Taken t : readings) {
            StoredReading r = got.get(t.value());
            assertThat(r.timestamp()).as("reading %s, really taken at %s", t.value(), t.trueTime())
                    .isEqualTo(t.trueTime().truncatedTo(ChronoUnit.SECONDS));
            assertThat(r.timeQuality()).as("reading %s", t.value())
                    .isEqualTo(t.flaggedSynchronised() ? TimeQuality.SYNCHRONISED : TimeQuality.CORRECTED);
        }
    }

    @Test
    void readingsTheKernelStillCallsUnsynchronisedAfterTheStepAreNotShiftedAgain() {
        startAgent();
        takeReadings(10); // the wall clock is two days behind
        step(trueNow); // NTP steps the clock: right from here on
        takeReadings(7); // but the kernel reports "unsynchronised" for minutes yet
        kernelSynchronised();
        takeReadings(3);

        assertRightTimes(deliverAll(), taken);
    }

    @Test
    void twoStepsAreEachMeasuredNotAssumedToBeOne() {
        clock.step(Duration.between(clock.instant(), Instant.EPOCH.plusSeconds(15))); // no saved clock: 1970
        startAgent();
        takeReadings(2);
        step(trueNow.minus(Duration.ofHours(3))); // fake-hwclock restores a guess three hours behind
        takeReadings(5);
        step(trueNow); // then NTP
        takeReadings(2);
        kernelSynchronised();
        takeReadings(2);

        assertRightTimes(deliverAll(), taken);
    }

    @Test
    void anAgentRestartBetweenTheReadingsAndTheSynchronisationLosesNothing() {
        startAgent();
        takeReadings(5);
        stopAgent();
        pass(Duration.ofSeconds(20)); // the agent restarts within the same boot
        startAgent();
        takeReadings(4);
        step(trueNow);
        kernelSynchronised();
        takeReadings(2);

        assertRightTimes(deliverAll(), taken);
    }

    @Test
    void aBootThatNeverSynchronisedIsDeliveredFlaggedTimeUnknownNotDroppedByAge() {
        startAgent();
        takeReadings(6); // a boot with no network: the clock never gets synchronised
        stopAgent();
        Duration down = Duration.ofHours(1);
        Duration booting = Duration.ofSeconds(30);
        trueNow = trueNow.plus(down).plus(booting);
        clock.reboot(down, booting); // the next boot: a new boot clock; the wall clock is still behind
        kernelSaysSynchronised = false;
        startAgent();
        List<Taken> earlierBoot = List.copyOf(taken);
        takeReadings(3);
        step(trueNow);
        kernelSynchronised(); // the wall clock is right and trusted: readings two days "old" by their time
        takeReadings(2);

        Map<Double, StoredReading> got = deliverAll();
        // the earlier boot's clock is gone: its readings keep the time they were taken with, flagged
        for (Taken t : earlierBoot) {
            StoredReading r = got.get(t.value());
            assertThat(r.timestamp()).isEqualTo(t.wallTime().truncatedTo(ChronoUnit.SECONDS));
            assertThat(r.timeQuality()).isEqualTo(TimeQuality.UNSYNCHRONISED);
        }
        assertRightTimes(got, taken.subList(earlierBoot.size(), taken.size()));
        assertThat(store.metrics().dropped().total()).isZero();
    }
}
