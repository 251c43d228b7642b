package org.streetnode.agent.lighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.lighting.LampControl.LampStatus;
import org.streetnode.agent.lighting.monitor.CounterStore;
import org.streetnode.agent.program.InvalidProgramException;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.supervision.LivenessProbe;
import org.streetnode.agent.supervision.Supervisor;
import org.streetnode.agent.supervision.WatchdogFeeder;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.emulator.BoardNode;
import org.streetnode.drivers.lamp.Relay;

/** The service with its own thread on the simulated board: start, writes from afar, persistence, stop. */
class LightingServiceTest {
    private static final Duration SOON = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private ServiceRig rig;

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void startSetsTheLampToTheProgramsLevelForNowBeforeItReturns() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.start();
        assertThat(rig.level()).isEqualTo(40);
        assertThat(rig.duty()).isCloseTo(rig.dutyFor(40), within(0.1)); // the PWM resolves 0.1 %
        assertThat(rig.service.status()).isEqualTo(new LampStatus(40, 40, "program (23:00 40)", Optional.empty()));
        assertThat(rig.service.program().fromConfig()).isTrue();
        assertThat(rig.service.photocell().sensor()).contains("light");
        assertThat(rig.service.monitor().metered()).isTrue();
    }

    @Test
    void aProgramIsCheckedStoredAndRestoredAndABadOneChangesNothing() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.start();
        Path file = rig.dataDir.resolve(LightingStateStore.FILE_NAME);

        assertThatThrownBy(() -> rig.service.setProgram("dusk 100, 23:00 140, dawn off", "server 1"))
                .isInstanceOf(InvalidProgramException.class).hasMessage("step 2 \"23:00 140\": level 140 is outside 0-100 %");
        assertThat(rig.service.program().fromConfig()).isTrue();
        assertThat(file).doesNotExist();

        ActiveProgram set = rig.service.setProgram("dusk 100, 23:00 30, 05:00 100, dawn off", "server 1");
        assertThat(set.by()).isEqualTo("server 1");
        assertThat(Files.readString(file)).contains("\"text\" : \"dusk 100, 23:00 30, 05:00 100, dawn off\"");
        rig.awaitWhileTimeRuns(() -> rig.level() == 30);

        String stored = Files.readString(file);
        assertThatThrownBy(() -> rig.service.setProgram("dusk 100", "server 1")).isInstanceOf(InvalidProgramException.class);
        assertThat(Files.readString(file)).isEqualTo(stored);
        assertThat(rig.service.program().program().format()).isEqualTo("dusk 100, 23:00 30, 05:00 100, dawn off");

        rig.stop();
        rig.start(); // as after a restart
        assertThat(rig.level()).isEqualTo(30);
        assertThat(rig.service.program().by()).isEqualTo("server 1");

        rig.service.resetProgram("uid 1000");
        assertThat(rig.service.program().fromConfig()).isTrue();
        rig.awaitWhileTimeRuns(() -> rig.level() == 40);
    }

    @Test
    void anUnreadableStateFileIsMovedAsideAndTheConfigsProgramRuns() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        Files.writeString(rig.dataDir.resolve(LightingStateStore.FILE_NAME), "{\"version\":1,\"program\":{\"text\":\"dusk 100\"");
        rig.start();
        assertThat(rig.level()).isEqualTo(40);
        try (var files = Files.list(rig.dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(LightingStateStore.FILE_NAME + ".corrupt-"));
        }
    }

    @Test
    void overridesAreAppliedByTheLightingThreadAtOnceAndOutliveARestart() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.start();
        List<LampStatus> seen = new CopyOnWriteArrayList<>();
        rig.service.onChange(seen::add);

        rig.service.override(new LampOverride(0, Optional.empty(), LampOverride.Source.PLATFORM, "server 1"));
        // the call returns once the lighting thread has applied it: a read right after shows it
        assertThat(rig.service.status()).extracting(LampStatus::level, LampStatus::reason)
                .containsExactly(0.0, "override by platform (server 1)");
        assertThat(rig.lit()).isFalse();
        assertThat(seen).last().extracting(LampStatus::reason).isEqualTo("override by platform (server 1)");

        assertThatThrownBy(() -> rig.service.override(new LampOverride(100, Optional.empty(),
                LampOverride.Source.MAINTENANCE, "uid 1000"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(rig.service.status().override()).map(LampOverride::source).contains(LampOverride.Source.PLATFORM);

        // a crew's override wins now; the platform's is still there underneath, for 3416 to show
        rig.service.override(new LampOverride(60, Optional.of(rig.clock.instant().plusSeconds(30)),
                LampOverride.Source.MAINTENANCE, "uid 1000"));
        await().atMost(SOON).until(() -> rig.level() == 60);
        assertThat(rig.service.status().override()).map(LampOverride::source).contains(LampOverride.Source.MAINTENANCE);
        assertThat(rig.service.override(LampOverride.Source.PLATFORM)).map(LampOverride::by).contains("server 1");
        rig.service.cancelOverride(LampOverride.Source.MAINTENANCE);
        await().atMost(SOON).until(() -> !rig.lit());

        rig.stop();
        rig.start();
        assertThat(rig.lit()).isFalse(); // "until cancelled" means across restarts too
        rig.service.cancelOverride(LampOverride.Source.PLATFORM);
        rig.awaitWhileTimeRuns(() -> rig.level() == 40);

        rig.service.override(new LampOverride(100, Optional.of(rig.clock.instant().plusSeconds(60)),
                LampOverride.Source.MAINTENANCE, "uid 1000"));
        await().atMost(SOON).until(() -> rig.level() == 100);
        // it ends: the thread sleeps until then in real time; a manual clock's jump wakes nobody, so the test does
        rig.clock.advance(Duration.ofSeconds(60));
        rig.service.wake();
        await().atMost(SOON).until(() -> rig.service.status().reason().equals("program (23:00 40)"));
    }

    @Test
    void aPresenceStartWakesTheThreadAndTheLampIsAtTheBoostLevelWithinASecond() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.start();
        assertThat(rig.level()).isEqualTo(40);

        long seen = System.nanoTime();
        rig.pir().output(true, rig.clock.instant());
        rig.clock.advance(Duration.ofMillis(60)); // past the input's 50 ms debounce
        rig.sim().tick(); // the world moves: the PIR edge reaches the driver and its listeners
        rig.awaitWhileTimeRuns(() -> rig.level() == 100);
        assertThat(Duration.ofNanos(System.nanoTime() - seen)).isLessThan(Duration.ofSeconds(1));
        assertThat(rig.service.status().reason()).isEqualTo("presence");
    }

    @Test
    void readingsFromTheBusReachThePhotocellAndTheMonitor() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.clockTrusted.set(false); // no NTP yet: the photocell decides
        rig.start();
        assertThat(rig.service.status().reason()).isEqualTo("lit to be safe (clock not synchronised, no light reading)");

        Instant now = rig.clock.instant();
        rig.readings.publish(new Reading("light", Quantity.ILLUMINANCE, 800, now, false));
        rig.readings.publish(new Reading("air", Quantity.ILLUMINANCE, 0.5, now, false)); // not the photocell's sensor
        await().atMost(SOON).until(() -> rig.service.status().target() == 0);
        assertThat(rig.service.status().reason()).isEqualTo("photocell (light)");
        assertThat(rig.service.photocell().daylight()).isEqualTo(Daylight.LIGHT);
        assertThat(rig.service.photocell().lux()).contains(800.0);

        rig.readings.publish(new Reading("lamp-power", Quantity.VOLTAGE, 23.875, now, false));
        rig.readings.publish(new Reading("lamp-power", Quantity.CURRENT, 0.0, now, false));
        rig.readings.publish(new Reading("lamp-power", Quantity.POWER, 0.0, now, false));
        assertThat(rig.service.monitor().latest()).hasValueSatisfying(e -> assertThat(e.volts()).isEqualTo(23.875));
    }

    @Test
    void photocellThresholdsAreCheckedStoredAndRestored() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00", c -> c.set("lighting", "on_lux", 20.0).set("lighting", "off_lux", 50.0));
        rig.start();
        assertThat(rig.service.photocell().thresholds()).isEqualTo(new PhotocellThresholds(20, 50));
        assertThatThrownBy(() -> new PhotocellThresholds(50, 20)).hasMessageContaining("must be above the on threshold");
        rig.service.setPhotocellThresholds(new PhotocellThresholds(10, 35), "server 1");
        rig.stop();
        rig.start();
        assertThat(rig.service.photocell().thresholds()).isEqualTo(new PhotocellThresholds(10, 35));
    }

    @Test
    void countersAreWrittenAtTheIntervalAndAtStop() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00", c -> c.set("lighting.monitor", "counters_interval", "1m"));
        rig.start();
        Path file = rig.dataDir.resolve(CounterStore.FILE_NAME);
        rig.clock.advance(Duration.ofSeconds(30));
        long steps = rig.service.steps();
        rig.service.wake(); // a step of the real thread at the new time: nothing due yet
        await().atMost(Duration.ofSeconds(2)).until(() -> rig.service.steps() > steps);
        assertThat(file).doesNotExist();
        rig.clock.advance(Duration.ofSeconds(31));
        rig.service.wake();
        await().atMost(Duration.ofSeconds(2)).until(() -> Files.exists(file));
        rig.clock.advance(Duration.ofMinutes(10));
        rig.stop();
        assertThat(new CounterStore(rig.dataDir).load().burningHours()).isCloseTo(10 / 60.0 + 61 / 3600.0, within(1e-6));
    }

    @Test
    void aCleanStopReleasesTheRelayToTheFailSafeStateAtFullLight() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00", c -> c.set("lighting", "on_stop", "fail-safe"));
        rig.start();
        rig.stop();
        assertThat(rig.relay().isHigh()).isEqualTo(Relay.releasedLevel(true));
        assertThat(rig.lit()).isTrue(); // normally-closed: released is lit
        assertThat(rig.duty()).isEqualTo(100);
    }

    @Test
    void aLightingThreadKilledByAnErrorLeavesTheLampInTheHardwaresFailSafeState() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.start();
        rig.service.onChange(s -> {
            if (s.level() == 0) {
                throw new InternalError("simulated: the lighting thread cannot go on");
            }
        });
        rig.service.override(new LampOverride(0, Optional.empty(), LampOverride.Source.PLATFORM, "server 1"));
        // the thread switched the lamp off, then died: on its way out it let the relay go
        await().atMost(SOON).until(() -> rig.relay().isHigh() == Relay.releasedLevel(true)
                && rig.health.fault(LightingEngine.CONTROL_SOURCE).isPresent());
        assertThat(rig.lit()).isTrue(); // normally-closed contact: released is lit
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).hasValueSatisfying(
                f -> assertThat(f.message()).startsWith("lighting stopped (java.lang.InternalError: simulated"));
    }

    @Test
    void theStepCountStandsStillWhileTheLightingThreadIsStuckSoTheWatchdogIsNotFed() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.start();
        List<String> pings = new java.util.concurrent.CopyOnWriteArrayList<>();
        WatchdogFeeder feeder = new WatchdogFeeder(List.of(new LivenessProbe("lighting", rig.service::progress)),
                new Supervisor(Optional.of(pings::add), Optional.empty()), rig.health);
        await().atMost(SOON).until(() -> rig.service.steps() >= 1); // the thread's first step, right after start
        long steps = rig.service.steps();
        long before = rig.service.progress();
        // a healthy thread with nothing due sleeps, and shows it is alive all the same
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.service.progress() > before);
        assertThat(rig.service.steps()).isEqualTo(steps);

        // The thread hangs in the lamp's path (as in a PWM write that never returns).
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        rig.service.onChange(s -> {
            if (s.level() == 0) {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        rig.service.override(new LampOverride(0, Optional.empty(), LampOverride.Source.PLATFORM, "server 1"));
        assertThat(stuck.await(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        feeder.tick();
        assertThat(feeder.tick()).containsExactly("lighting");
        assertThat(pings).containsExactly("WATCHDOG=1", "STATUS=stalled: lighting");

        release.countDown();
        long resumed = rig.service.progress();
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.service.progress() > resumed);
        assertThat(feeder.tick()).isEmpty();
        assertThat(pings).endsWith("WATCHDOG=1", "STATUS=running");
    }

    @Test
    void aLightingThreadDeadOfAnErrorStepsNoMore() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.start();
        rig.service.onChange(s -> {
            if (s.level() == 0) {
                throw new InternalError("simulated: the lighting thread cannot go on");
            }
        });
        rig.service.override(new LampOverride(0, Optional.empty(), LampOverride.Source.PLATFORM, "server 1"));
        await().atMost(SOON).until(() -> rig.health.fault(LightingEngine.CONTROL_SOURCE).isPresent());
        WatchdogFeeder feeder = new WatchdogFeeder(List.of(new LivenessProbe("lighting", rig.service::progress)), Supervisor.none(),
                rig.health);
        feeder.tick();
        assertThat(feeder.tick()).containsExactly("lighting");
    }

    @Test
    void lampOutputsMissingAtStartLeaveTheAgentsLightingRunningInFailSafeUntilTheyAreBack() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00");
        rig.openBoard();
        rig.sim().emulatedIo().unplug(BoardNode.pwmChip(0));
        rig.sim().emulatedIo().unplug(BoardNode.gpio(17));
        rig.startService(); // starts: the lamp is a fault, not a reason to stop
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(Fault.Kind.LAMP);
            assertThat(f.message()).startsWith("cannot drive the lamp: pwmchip0 does not exist");
        });
        assertThat(rig.service.status().reason()).isEqualTo(LightingEngine.FAIL_SAFE_REASON);
        assertThat(rig.service.status().target()).isEqualTo(40);
        assertThat(rig.sim().emulatedIo().pin(17).isHigh()).as("never requested: released").isEqualTo(Relay.releasedLevel(true));
        assertThat(rig.lit()).isTrue();
        rig.sim().emulatedIo().plug(BoardNode.pwmChip(0));
        rig.sim().emulatedIo().plug(BoardNode.gpio(17));
        // the fault clears once the outputs are driven again; the status follows on the same step
        rig.awaitWhileTimeRuns(() -> rig.health.fault(LightingEngine.CONTROL_SOURCE).isEmpty()
                && rig.service.status().reason().equals("program (23:00 40)"));
        assertThat(rig.duty()).isCloseTo(rig.dutyFor(40), within(0.1));
        assertThat(rig.lit()).isTrue();
    }

    @Test
    void aCleanStopReleasesTheRelayEvenWhenTheDimmerIsGone() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T12:00:00", c -> c.set("lighting", "on_stop", "fail-safe"));
        rig.start();
        assertThat(rig.lit()).as("day: off, the coil energised").isFalse();
        rig.sim().emulatedIo().unplug(BoardNode.pwmChip(0));
        rig.stop();
        assertThat(rig.relay().isHigh()).isEqualTo(Relay.releasedLevel(true));
        assertThat(rig.lit()).isTrue();
    }

    @Test
    void onStopOffSwitchesTheLampOffAndKeepLeavesIt() throws Exception {
        rig = new ServiceRig(dir, "2025-12-21T23:30:00", c -> c.set("lighting", "on_stop", "off"));
        rig.start();
        rig.stop();
        assertThat(rig.lit()).isFalse();
        assertThat(rig.duty()).isZero();
        rig.close();

        rig = new ServiceRig(dir.resolve("keep"), "2025-12-21T23:30:00", c -> c.set("lighting", "on_stop", "keep"));
        rig.start();
        rig.stop();
        assertThat(rig.level()).isEqualTo(40);
        assertThat(rig.duty()).isCloseTo(rig.dutyFor(40), within(0.1)); // the PWM resolves 0.1 %
    }

    @Test
    void withNothingDueTheThreadSleepsAMinuteNotASecondAndOnADemosFastClockTheSpanDividedByTheSpeed() {
        Instant now = Instant.parse("2025-12-21T12:00:00Z");
        java.time.Clock real = java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        // the night's next step at dusk, hours off, and no override or presence: as long as the cap allows
        assertThat(LightingService.idleMillis(real, now, now.plus(Duration.ofHours(4)), Instant.MAX)).isEqualTo(60_000);
        // the counters' next write (or a light reading running out) in 7 s: then
        assertThat(LightingService.idleMillis(real, now, now.plus(Duration.ofHours(4)), now.plusSeconds(7))).isEqualTo(7_000);
        assertThat(LightingService.idleMillis(real, now, now.minusSeconds(1))).as("overdue: at once").isEqualTo(1);
        java.time.Clock demo = org.streetnode.agent.time.ScaledClock.startingAt(now, 60);
        assertThat(LightingService.idleMillis(demo, now, now.plus(Duration.ofMinutes(30)))).isEqualTo(1_000);
    }

    @Test
    void aLightReadingThatChangesNothingWakesNobodyAndOneThatChangesDayOrNightDoes() {
        Instant t = Instant.parse("2025-12-21T16:00:00Z");
        Photocell photocell = new Photocell(new PhotocellThresholds(30, 60), Duration.ofSeconds(60), Duration.ofMinutes(1));
        assertThat(photocell.reading(800, t)).as("the first reading decides").isTrue();
        assertThat(photocell.reading(500, t.plusSeconds(10))).as("still light").isFalse();
        assertThat(photocell.reading(10, t.plusSeconds(20))).as("dark, but not for the delay yet").isFalse();
        assertThat(photocell.reading(10, t.plusSeconds(50))).isFalse();
        assertThat(photocell.reading(10, t.plusSeconds(80))).as("dark for the delay: night").isTrue();
        assertThat(photocell.daylight(t.plusSeconds(80))).isEqualTo(Daylight.DARK);
        assertThat(photocell.reading(10, t.plusSeconds(90))).isFalse();
        assertThat(photocell.reading(10, t.plusSeconds(200))).as("after a silence longer than stale: known again").isTrue();
    }
}
