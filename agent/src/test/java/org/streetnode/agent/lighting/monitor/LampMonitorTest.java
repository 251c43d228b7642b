package org.streetnode.agent.lighting.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.LightingConfig;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.lighting.monitor.MeterRig.Trouble;

/** Each failure class raised and cleared from INA219 readings; energy, hours and switches. */
class LampMonitorTest {
    private static final Duration DELAY = LightingConfig.defaults().monitor().failureDelay();

    @TempDir
    Path dir;

    private MeterRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aHealthyLampRaisesNothing() throws Exception {
        rig = new MeterRig(dir);
        rig.command(100);
        rig.run(Duration.ofMinutes(10));
        rig.command(40);
        rig.run(Duration.ofMinutes(10));
        rig.command(0);
        rig.run(Duration.ofMinutes(10));
        assertThat(rig.status().failures()).isEmpty();
        assertThat(rig.health.faults()).isEmpty();
    }

    @Test
    void deadLedsAreALampFailureUntilTheLampDrawsAgain() throws Exception {
        rig = new MeterRig(dir);
        rig.command(100);
        rig.run(Duration.ofMinutes(1));
        rig.trouble = Trouble.DEAD_LEDS;
        rig.run(DELAY.minusSeconds(10));
        assertThat(rig.status().failures()).isEmpty(); // not yet: debounced
        rig.run(Duration.ofSeconds(20));
        assertThat(rig.status().failures()).containsExactly(LampFailure.LAMP_FAILURE);
        assertThat(rig.health.fault("lamp:failure")).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(Fault.Kind.LAMP);
            assertThat(f.message()).isEqualTo("lamp failure: commanded on at 100 % but it draws 0.033 A (less than 0.100 A)");
        });

        rig.command(0); // switched off by day: no evidence either way, the failure stays
        rig.run(Duration.ofMinutes(5));
        assertThat(rig.status().failed(LampFailure.LAMP_FAILURE)).isTrue();

        rig.trouble = Trouble.NONE; // repaired
        rig.command(100);
        rig.run(Duration.ofSeconds(20));
        assertThat(rig.status().failed(LampFailure.LAMP_FAILURE)).isTrue();
        rig.run(DELAY.plusSeconds(10));
        assertThat(rig.status().failures()).isEmpty();
        assertThat(rig.health.fault("lamp:failure")).isEmpty();
    }

    @Test
    void currentWhileCommandedOffIsADayBurner() throws Exception {
        rig = new MeterRig(dir);
        rig.command(0);
        rig.run(Duration.ofMinutes(1));
        rig.trouble = Trouble.WELDED_RELAY;
        rig.run(DELAY.plusSeconds(10));
        assertThat(rig.status().failures()).containsExactly(LampFailure.DAY_BURNER);
        assertThat(rig.health.fault("lamp:day-burner")).map(Fault::message)
                .hasValueSatisfying(m -> assertThat(m).startsWith("lamp burns while commanded off: 0.28"));
        rig.trouble = Trouble.NONE;
        rig.run(DELAY.plusSeconds(10));
        assertThat(rig.status().failures()).isEmpty();
        assertThat(rig.health.faults()).isEmpty();
    }

    @Test
    void noVoltageIsASupplyLossNotALampFailure() throws Exception {
        rig = new MeterRig(dir);
        rig.command(100);
        rig.run(Duration.ofMinutes(1));
        rig.trouble = Trouble.SUPPLY_LOST;
        rig.run(DELAY.plusSeconds(30));
        assertThat(rig.status().failures()).containsExactly(LampFailure.SUPPLY_LOSS);
        assertThat(rig.health.fault("lamp:supply")).map(Fault::message)
                .contains("lamp supply lost: 0.00 V (less than 10.00 V) while commanded on");
        rig.trouble = Trouble.NONE;
        rig.run(DELAY.plusSeconds(10));
        assertThat(rig.status().failures()).isEmpty();
        assertThat(rig.health.faults()).isEmpty();
    }

    @Test
    void aLampThatKeepsGoingOutIsCycling() throws Exception {
        rig = new MeterRig(dir);
        rig.command(100);
        rig.run(Duration.ofMinutes(1));
        rig.trouble = Trouble.CYCLING;
        rig.run(Duration.ofMinutes(2));
        assertThat(rig.status().failures()).isEmpty(); // three times dark: one below the limit
        rig.run(Duration.ofMinutes(1));
        assertThat(rig.status().failures()).containsExactly(LampFailure.CYCLING);
        assertThat(rig.health.fault("lamp:cycling")).map(Fault::message)
                .contains("lamp cycling: went dark by itself 4 times within 30m while commanded on");
        rig.trouble = Trouble.NONE;
        rig.run(Duration.ofMinutes(25));
        assertThat(rig.status().failed(LampFailure.CYCLING)).isTrue(); // still within the window
        rig.run(Duration.ofMinutes(6));
        assertThat(rig.status().failures()).isEmpty();
        assertThat(rig.health.faults()).isEmpty();
    }

    @Test
    void integratesEnergyLearnsFullPowerAndReportsTheSaving() throws Exception {
        rig = new MeterRig(dir);
        rig.command(100);
        rig.run(Duration.ofHours(1));
        double full = MeterRig.RATED_WATTS + MeterRig.DRIVER_WATTS; // 60.8 W
        assertThat(rig.status().energyKWh()).isCloseTo(full / 1000, within(full / 1000 * 0.01));
        assertThat(rig.status().fullPowerWatts()).hasValueSatisfying(w -> assertThat(w).isCloseTo(full, within(0.5)));
        assertThat(rig.status().latest()).hasValueSatisfying(e -> {
            assertThat(e.volts()).isCloseTo(24, within(0.2));
            assertThat(e.amps()).isCloseTo(full / 24, within(0.01));
            assertThat(e.powerFactor()).hasValueSatisfying(pf -> assertThat(pf).isCloseTo(1, within(0.02)));
        });

        rig.command(40);
        rig.run(Duration.ofHours(1));
        double dimmed = MeterRig.RATED_WATTS * (10 + 90 * Math.pow(0.4, 2.2)) / 100 + MeterRig.DRIVER_WATTS; // 14.0 W
        double used = (full + dimmed) / 1000;
        MonitorStatus s = rig.status();
        assertThat(s.energyKWh()).isCloseTo(used, within(used * 0.01));
        assertThat(s.burningHours()).isCloseTo(2, within(1e-9));
        assertThat(s.fullPowerEnergyKWh()).hasValueSatisfying(f -> assertThat(f).isCloseTo(2 * full / 1000, within(0.002)));
        assertThat(s.energySavedKWh()).hasValueSatisfying(v -> assertThat(v).isCloseTo((full - dimmed) / 1000, within(0.002)));

        rig.command(0);
        rig.run(Duration.ofHours(1));
        assertThat(rig.status().switchCount()).isEqualTo(1);
        assertThat(rig.status().burningHours()).isCloseTo(2, within(1e-9));
        assertThat(rig.status().energyKWh()).isCloseTo(used, within(used * 0.01)); // nothing drawn while off
        assertThat(rig.status().counters().lastSwitchOn()).isEmpty(); // it was on when counting began

        rig.command(100);
        assertThat(rig.status().counters().lastSwitchOn()).contains(rig.clock.instant());
        rig.monitor.resetSwitchCount();
        rig.monitor.resetBurningHours();
        assertThat(rig.status().switchCount()).isZero();
        assertThat(rig.status().burningHours()).isZero();
        assertThat(rig.status().energyKWh()).isPositive();
    }

    @Test
    void theLastNightIsTheLatestNightTheLampWentOffInAndComesBackAfterARestart() throws Exception {
        rig = new MeterRig(dir); // 22:00 in Berlin on 2025-12-21
        double full = MeterRig.RATED_WATTS + MeterRig.DRIVER_WATTS;
        assertThat(rig.status().counters().energySince()).contains(rig.clock.instant());
        rig.command(100);
        rig.run(Duration.ofHours(1));
        rig.command(40);
        rig.run(Duration.ofHours(2));
        assertThat(rig.status().lastNight()).isEmpty(); // the lamp is still on: no night is over yet
        rig.command(0); // 01:00, the lamp goes off: that night is the last one
        rig.run(Duration.ofMinutes(10));
        double dimmed = MeterRig.RATED_WATTS * (10 + 90 * Math.pow(0.4, 2.2)) / 100 + MeterRig.DRIVER_WATTS;
        MonitorStatus s = rig.status();
        assertThat(s.lastNight()).hasValueSatisfying(n -> {
            assertThat(n.evening()).isEqualTo(java.time.LocalDate.of(2025, 12, 21));
            assertThat(n.litHours()).isCloseTo(3, within(1e-9));
        });
        double saved = (3 * full - (full + 2 * dimmed)) / 1000;
        assertThat(s.lastNightSavedKWh()).hasValueSatisfying(v -> assertThat(v).isCloseTo(saved, within(saved * 0.02)));

        // a crew lights the lamp at 03:00 for half an hour: still the same night
        rig.run(Duration.ofMinutes(110));
        rig.command(100);
        rig.run(Duration.ofMinutes(30));
        assertThat(rig.status().lastNight()).isEmpty(); // only the night in progress has been lit
        rig.command(0);
        rig.run(Duration.ofMinutes(10));
        assertThat(rig.status().lastNight()).hasValueSatisfying(n -> assertThat(n.litHours()).isCloseTo(3.5, within(1e-9)));

        // the next evening the lamp goes on: the last night stays the one before until it goes off again
        rig.run(Duration.ofHours(14)); // 17:50 on the 22nd
        rig.command(100);
        rig.run(Duration.ofHours(1));
        assertThat(rig.status().lastNight()).map(NightEnergy::evening).contains(java.time.LocalDate.of(2025, 12, 21));
        rig.monitor.stop(rig.clock.instant());

        Counters kept = new CounterStore(dir).load();
        assertThat(kept).isEqualTo(rig.status().counters());
        assertThat(kept.tonight()).map(NightEnergy::evening).contains(java.time.LocalDate.of(2025, 12, 22));
        assertThat(kept.lastNight()).hasValueSatisfying(n -> assertThat(n.litHours()).isCloseTo(3.5, within(1e-9)));
        assertThat(s.energySavedKWh()).hasValueSatisfying(v -> assertThat(v).isCloseTo(saved, within(saved * 0.02)));
    }

    @Test
    void countersAreWrittenAtMostOncePerIntervalAndAtStopAndComeBack() throws Exception {
        rig = new MeterRig(dir);
        rig.command(100);
        int writes = 0;
        Optional<CounterStore.Saved> last = rig.store.lastSaved();
        for (int i = 0; i < 60; i++) { // 10 minutes, a sample every 10 s
            rig.run(MeterRig.SAMPLE_PERIOD);
            awaitWriter(rig);
            if (!rig.store.lastSaved().equals(last)) {
                writes++;
                last = rig.store.lastSaved();
            }
        }
        assertThat(writes).isBetween(9, 10);
        rig.run(Duration.ofSeconds(30));
        rig.monitor.stop(rig.clock.instant());
        Counters atStop = rig.status().counters();
        assertThat(rig.store.lastSaved()).map(CounterStore.Saved::counters).contains(atStop);

        CounterStore again = new CounterStore(dir);
        assertThat(again.load()).isEqualTo(atStop);
        assertThat(atStop.burningHours()).isCloseTo(10.5 / 60, within(1e-9));
    }

    @Test
    void anUnreadableCounterFileIsMovedAsideAndCountingStartsAgain() throws Exception {
        Files.writeString(dir.resolve(CounterStore.FILE_NAME), "{\"version\":1,\"energy_wh\":");
        CounterStore store = new CounterStore(dir);
        assertThat(store.load()).isEqualTo(Counters.ZERO);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(CounterStore.FILE_NAME + ".corrupt-"));
        }
    }

    /** The writer runs on its own thread: wait until what was handed to it is on disk. */
    private static void awaitWriter(MeterRig rig) throws InterruptedException {
        for (int i = 0; i < 200 && rig.monitor.writesPending(); i++) {
            Thread.sleep(5);
        }
    }

    @Test
    void theCountersNextWriteIsAnIntervalAfterTheLastOrAnIntervalFromNowOnceThatPassed() throws Exception {
        rig = new MeterRig(dir);
        Duration interval = LightingConfig.defaults().monitor().countersInterval();
        java.time.Instant started = rig.clock.instant();
        assertThat(rig.monitor.persistDue(started)).isEqualTo(started.plus(interval));
        assertThat(rig.monitor.persistDue(started.plusSeconds(5))).isEqualTo(started.plus(interval));
        // nothing written since: the lighting thread looks again an interval on, when the meter may have changed them
        java.time.Instant later = started.plus(interval).plusSeconds(5);
        assertThat(rig.monitor.persistDue(later)).isEqualTo(later.plus(interval));
    }
}
