package org.streetnode.agent.lighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.LightingConfig.PhotocellMode;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.lighting.EngineRig.Change;
import org.streetnode.agent.lighting.LampControl.LampOverride;
import org.streetnode.agent.program.JenaReferenceTable;
import org.streetnode.agent.program.SolarEvent;
import org.streetnode.drivers.emulator.BoardNode;
import org.streetnode.drivers.lamp.Relay;

/** The engine through whole nights and the moments that matter, on a manual clock. */
class LightingEngineTest {
    private static final String CITY = "dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off";
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void aWinterNightInJena() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T12:00:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        rig.runTo("2025-12-22T12:00:00", SECOND);

        Instant dusk = JenaReferenceTable.of("2025-12-21", SolarEvent.DUSK);
        Instant dawn = JenaReferenceTable.of("2025-12-21", SolarEvent.DAWN);
        List<Change> c = rig.changes;
        assertThat(c).extracting(Change::target).containsExactly(0.0, 100.0, 40.0, 100.0, 0.0);
        assertThat(c).extracting(ch -> ch.reason().describe()).containsExactly("program (off)",
                "program (dusk+10m 100)", "program (23:00 40)", "program (05:30 100)", "program (off)");
        assertThat(Duration.between(dusk.plus(TEN_MINUTES), c.get(1).at()).abs()).isLessThan(ONE_MINUTE);
        assertThat(c.get(2).at()).isEqualTo(EngineRig.local("2025-12-21T23:00:00"));
        assertThat(c.get(3).at()).isEqualTo(EngineRig.local("2025-12-22T05:30:00"));
        assertThat(Duration.between(dawn.minus(TEN_MINUTES), c.get(4).at()).abs()).isLessThan(ONE_MINUTE);

        // about 15 h 45 min lit, one switch-off
        Duration lit = Duration.between(c.get(1).at(), c.get(4).at());
        assertThat(rig.monitor.status().burningHours()).isCloseTo(lit.toSeconds() / 3600.0, within(0.01));
        assertThat(rig.monitor.status().switchCount()).isEqualTo(1);
        assertThat(rig.lit()).isFalse();
    }

    @Test
    void steppedOnlyWhenSomethingIsDueTheNightIsTheSameInAFewHundredStepsInsteadOfOnePerSecond() throws Exception {
        EngineRig everySecond = new EngineRig(Files.createDirectories(dir.resolve("a")), "2025-12-21T12:00:00", CITY, PhotocellMode.BACKUP);
        everySecond.step();
        everySecond.runTo("2025-12-22T12:00:00", SECOND);
        EngineRig byDue = new EngineRig(Files.createDirectories(dir.resolve("b")), "2025-12-21T12:00:00", CITY, PhotocellMode.BACKUP);
        byDue.step();
        int steps = byDue.runByDueTo("2025-12-22T12:00:00");

        assertThat(byDue.changes).extracting(Change::target)
                .containsExactlyElementsOf(everySecond.changes.stream().map(Change::target).toList());
        assertThat(byDue.changes).extracting(ch -> ch.reason().describe())
                .containsExactlyElementsOf(everySecond.changes.stream().map(ch -> ch.reason().describe()).toList());
        for (int i = 0; i < byDue.changes.size(); i++) { // on time: a step at the instant, not up to a second late
            Instant exact = byDue.changes.get(i).at();
            assertThat(Duration.between(exact, everySecond.changes.get(i).at())).isBetween(Duration.ZERO, SECOND);
        }
        assertThat(byDue.changes.get(2).at()).isEqualTo(EngineRig.local("2025-12-21T23:00:00"));
        assertThat(byDue.monitor.status().burningHours()).isCloseTo(everySecond.monitor.status().burningHours(), within(0.001));
        assertThat(steps).as("ramp ticks and the program's changes, of 86,400 seconds").isLessThan(1_000);
    }

    @Test
    void steppedOnlyWhenSomethingIsDuePresenceAndAnOverrideEndExactlyOnTime() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T23:30:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        rig.motion(true);
        rig.step(); // a presence start wakes the thread
        rig.runByDueTo("2025-12-21T23:30:05"); // the pin stays high: looked at again each second
        rig.motion(false); // falls unseen: no event wakes the thread for it
        Instant lastMotion = rig.now();
        int steps = rig.runByDueTo("2025-12-21T23:32:00");
        assertThat(rig.changes.getLast().reason().describe()).isEqualTo("program (23:00 40)");
        assertThat(rig.changes.getLast().at()).isEqualTo(lastMotion.plus(EngineRig.PRESENCE_HOLD));
        assertThat(steps).isLessThan(400); // the ramp back down (6 s of 20 ms ticks) and a few looks

        Instant until = EngineRig.local("2025-12-21T23:40:00");
        rig.overrides.put(new LampOverride(0, Optional.of(until), LampOverride.Source.PLATFORM, "server 1"));
        rig.step(); // an override wakes the thread
        rig.runByDueTo("2025-12-21T23:41:00");
        assertThat(rig.changes.getLast().reason().describe()).isEqualTo("program (23:00 40)");
        assertThat(rig.changes.getLast().at()).isEqualTo(until);
    }

    @Test
    void aSummerNightInJenaSkipsTheMorningStepAfterDawn() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-06-21T12:00:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        rig.runTo("2025-06-22T12:00:00", SECOND);

        Instant dusk = JenaReferenceTable.of("2025-06-21", SolarEvent.DUSK);
        Instant dawn = JenaReferenceTable.of("2025-06-21", SolarEvent.DAWN);
        List<Change> c = rig.changes;
        assertThat(c).extracting(Change::target).containsExactly(0.0, 100.0, 40.0, 0.0);
        assertThat(Duration.between(dusk.plus(TEN_MINUTES), c.get(1).at()).abs()).isLessThan(ONE_MINUTE);
        assertThat(c.get(2).at()).isEqualTo(EngineRig.local("2025-06-21T23:00:00"));
        assertThat(Duration.between(dawn.minus(TEN_MINUTES), c.get(3).at()).abs()).isLessThan(ONE_MINUTE);
        assertThat(c.get(3).local().toLocalTime()).isBefore(java.time.LocalTime.of(5, 30));
    }

    @Test
    void stepsRampSmoothlyAtTheConfiguredRates() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T22:59:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        assertThat(rig.level()).isEqualTo(100); // the first step jumps: restored at once
        List<LampControl.LampStatus> told = new ArrayList<>();
        rig.engine.onChange(told::add);
        rig.runTo("2025-12-21T23:00:00", SECOND);
        List<Double> levels = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            rig.run(Duration.ofMillis(100), Duration.ofMillis(100));
            levels.add(rig.level());
        }
        // 100 -> 40 is 60 % of the range: 6 s at 10 s per 100 %
        assertThat(levels).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(levels.get(29)).isCloseTo(70, within(0.5)); // 3.0 s in: halfway
        assertThat(levels.get(58)).isGreaterThan(40);
        assertThat(levels.get(59)).isEqualTo(40); // 6.0 s
        assertThat(levels.stream().distinct().count()).isGreaterThan(50);
        assertThat(rig.changes).hasSize(2); // one reason change, not one per ramp step
        // listeners hear of the new target and of its arrival, not of the 300 steps between
        assertThat(told).extracting(LampControl.LampStatus::level, LampControl.LampStatus::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(100.0, 40.0), org.assertj.core.groups.Tuple.tuple(40.0, 40.0));
        assertThat(rig.duty()).isCloseTo(10 + 90 * Math.pow(0.4, 2.2), within(0.1)); // the PWM resolves 0.1 %
    }

    @Test
    void presenceRampsUpWithinASecondHoldsAfterTheLastMotionAndRampsBackDown() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T23:30:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        assertThat(rig.level()).isEqualTo(40);

        Instant seen = rig.now();
        rig.motion(true);
        Instant full = null;
        for (int i = 0; i < 40 && full == null; i++) {
            rig.run(Duration.ofMillis(25), Duration.ofMillis(25));
            if (rig.level() == 100) {
                full = rig.now();
            }
        }
        assertThat(full).isNotNull();
        assertThat(Duration.between(seen, full)).isLessThanOrEqualTo(SECOND);
        assertThat(rig.status().reason()).isEqualTo("presence");

        rig.run(Duration.ofSeconds(3), Duration.ofMillis(100));
        rig.motion(false); // the last motion: the hold runs from here
        Instant lastMotion = rig.now();
        rig.run(Duration.ofSeconds(20), SECOND);
        rig.motion(true); // someone else: the hold starts again
        rig.run(Duration.ofSeconds(2), Duration.ofMillis(100));
        rig.motion(false);
        lastMotion = rig.now();
        rig.run(EngineRig.PRESENCE_HOLD.minusSeconds(1), SECOND);
        assertThat(rig.level()).isEqualTo(100);
        rig.run(Duration.ofSeconds(2), Duration.ofMillis(100));
        assertThat(rig.level()).isStrictlyBetween(40.0, 100.0); // ramping down
        rig.run(Duration.ofSeconds(6), Duration.ofMillis(100));
        assertThat(rig.level()).isEqualTo(40);
        assertThat(rig.status().reason()).isEqualTo("program (23:00 40)");
        assertThat(Duration.between(lastMotion, rig.changes.getLast().at())).isBetween(EngineRig.PRESENCE_HOLD,
                EngineRig.PRESENCE_HOLD.plusSeconds(1));
    }

    @Test
    void presenceByDayChangesNothing() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-22T11:00:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        rig.motion(true);
        rig.run(Duration.ofSeconds(5), Duration.ofMillis(100));
        assertThat(rig.lit()).isFalse();
        assertThat(rig.status().reason()).isEqualTo("program (off)");
    }

    @Test
    void overridesApplyAtOnceInPriorityOrderAndTheProgramResumesWhenTheyExpire() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T23:30:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        rig.overrides.put(new LampOverride(0, Optional.of(EngineRig.local("2025-12-21T23:45:00")),
                LampOverride.Source.PLATFORM, "server 1"));
        rig.step();
        assertThat(rig.lit()).isFalse(); // no ramp: a person's command applies at once
        assertThat(rig.status().reason()).isEqualTo("override by platform (server 1)");
        assertThat(rig.status().override()).map(LampOverride::source).contains(LampOverride.Source.PLATFORM);

        rig.run(Duration.ofMinutes(5), SECOND);
        rig.overrides.put(new LampOverride(80, Optional.of(EngineRig.local("2025-12-21T23:40:00")),
                LampOverride.Source.MAINTENANCE, "uid 1000"));
        rig.step();
        assertThat(rig.level()).isEqualTo(80);
        rig.runTo("2025-12-21T23:40:00", SECOND);
        assertThat(rig.lit()).isFalse(); // the crew's override ended; the platform's is still on
        assertThat(rig.status().reason()).isEqualTo("override by platform (server 1)");
        rig.runTo("2025-12-21T23:45:00", SECOND);
        rig.run(SECOND, Duration.ofMillis(100));
        assertThat(rig.level()).isEqualTo(40); // program again, ramped up
        assertThat(rig.status().reason()).isEqualTo("program (23:00 40)");
        assertThat(rig.overrides.all(rig.now())).isEmpty();
        assertThat(rig.changes).extracting(ch -> ch.reason().describe()).containsExactly("program (23:00 40)",
                "override by platform (server 1)", "override by maintenance (uid 1000)", "override by platform (server 1)",
                "program (23:00 40)");
    }

    @Test
    void aPlatformOverrideUntilCancelledHoldsUntilCancelledAndOneMayStartLater() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T23:30:00", CITY, PhotocellMode.BACKUP);
        rig.overrides.put(new LampOverride(70, Optional.empty(), LampOverride.Source.PLATFORM, "server 1"));
        rig.step();
        rig.run(Duration.ofHours(12), Duration.ofMinutes(1));
        assertThat(rig.level()).isEqualTo(70); // through the morning and into the day
        rig.overrides.remove(LampOverride.Source.PLATFORM);
        rig.run(Duration.ofSeconds(10), SECOND);
        assertThat(rig.lit()).isFalse();

        Instant from = rig.now().plus(Duration.ofMinutes(10));
        rig.overrides.put(new LampOverride(100, Optional.of(from.plus(Duration.ofMinutes(5))), LampOverride.Source.PLATFORM,
                "server 1", Optional.of(from)));
        rig.run(Duration.ofMinutes(9), SECOND);
        assertThat(rig.lit()).isFalse();
        rig.run(Duration.ofMinutes(2), SECOND);
        assertThat(rig.level()).isEqualTo(100);
    }

    @Test
    void overridesAreCheckedBeforeAnythingChanges() {
        Instant now = Instant.parse("2025-12-21T22:30:00Z");
        Optional<Instant> later = Optional.of(now.plusSeconds(60));
        assertThatThrownBy(() -> Overrides.check(new LampOverride(50, Optional.empty(), LampOverride.Source.MAINTENANCE,
                "uid 1000"), now)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have an end");
        assertThatThrownBy(() -> Overrides.check(new LampOverride(101, later, LampOverride.Source.PLATFORM, "s"), now))
                .hasMessageContaining("outside 0-100");
        assertThatThrownBy(() -> Overrides.check(new LampOverride(Double.NaN, later, LampOverride.Source.PLATFORM, "s"), now))
                .hasMessageContaining("outside 0-100");
        assertThatThrownBy(() -> Overrides.check(new LampOverride(50, Optional.of(now), LampOverride.Source.PLATFORM, "s"), now))
                .hasMessageContaining("not in the future");
        assertThatThrownBy(() -> Overrides.check(new LampOverride(50, later, LampOverride.Source.PLATFORM, "s",
                Optional.of(now.plusSeconds(120))), now)).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> Overrides.check(new LampOverride(50, later, LampOverride.Source.PLATFORM, " "), now))
                .hasMessageContaining("who set it");
    }

    @Test
    void photocellSwitchesWithHysteresisAndDelay() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T15:00:00", CITY, PhotocellMode.REPLACE);
        rig.light(200);
        rig.step();
        assertThat(rig.lit()).isFalse();
        assertThat(rig.status().reason()).isEqualTo("photocell (light)");

        feed(rig, 40, Duration.ofMinutes(3)); // inside the band: no change
        assertThat(rig.lit()).isFalse();
        feed(rig, 20, Duration.ofSeconds(50)); // below on_lux, but not for 60 s yet
        feed(rig, 35, Duration.ofSeconds(10)); // back in the band: the delay starts again
        feed(rig, 20, Duration.ofSeconds(50));
        assertThat(rig.lit()).isFalse();
        feed(rig, 20, Duration.ofSeconds(20));
        rig.run(SECOND, Duration.ofMillis(100));
        assertThat(rig.level()).isEqualTo(100); // before 23:00: the program's level
        assertThat(rig.status().reason()).isEqualTo("photocell (dark)");

        feed(rig, 55, Duration.ofMinutes(3)); // headlights, a lit window: still inside the band
        assertThat(rig.level()).isEqualTo(100);
        feed(rig, 80, Duration.ofSeconds(50));
        assertThat(rig.lit()).isTrue();
        feed(rig, 80, Duration.ofSeconds(20));
        rig.run(Duration.ofSeconds(11), SECOND);
        assertThat(rig.lit()).isFalse();
        assertThat(rig.changes).extracting(ch -> ch.reason().describe()).containsExactly("photocell (light)",
                "photocell (dark)", "photocell (light)");
    }

    @Test
    void anUnsynchronisedClockFallsBackToThePhotocellAndStaysLitWithoutOne() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T23:30:00", CITY, PhotocellMode.BACKUP);
        rig.clockTrusted.set(false);
        rig.step();
        assertThat(rig.level()).isEqualTo(100);
        assertThat(rig.status().reason()).isEqualTo("lit to be safe (clock not synchronised, no light reading)");

        rig.light(500); // the clock says night, but it may be noon for all we know: the sensor sees daylight
        rig.run(SECOND, Duration.ofMillis(100));
        rig.run(Duration.ofSeconds(11), SECOND);
        assertThat(rig.lit()).isFalse();
        assertThat(rig.status().reason()).isEqualTo("photocell (light)");

        feed(rig, 3, Duration.ofSeconds(70));
        rig.run(SECOND, Duration.ofMillis(100));
        assertThat(rig.level()).isEqualTo(100); // the switch-on level: 23:00 means nothing on an untrusted clock

        rig.clockTrusted.set(true);
        rig.run(Duration.ofSeconds(7), SECOND);
        assertThat(rig.level()).isEqualTo(40);
        assertThat(rig.status().reason()).isEqualTo("program (23:00 40)");

        rig.clockTrusted.set(false);
        rig.run(Duration.ofMinutes(6), Duration.ofSeconds(10)); // the light reading goes stale
        assertThat(rig.status().reason()).isEqualTo("lit to be safe (clock not synchronised, no light reading)");
        assertThat(rig.level()).isEqualTo(100);
    }

    @Test
    void aLampThatCannotBeDrivenIsAFaultAndTheEngineCarriesOn() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T22:59:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        rig.io.close();
        rig.runTo("2025-12-21T23:00:10", SECOND);
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).map(Fault::message).hasValueSatisfying(
                m -> assertThat(m).startsWith("cannot drive the lamp: board is closed"));
        assertThat(rig.engine.decision().orElseThrow().level()).isEqualTo(40);
        assertThat(rig.level()).isEqualTo(100); // what the lamp was last set to
    }

    @Test
    void aDimmerMissingAtStartIsALampFaultTriedAgainWithBackoffWhileDecidingGoesOn() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T22:58:00", CITY, PhotocellMode.BACKUP);
        rig.io.unplug(BoardNode.pwmChip(0)); // dtoverlay=pwm missing
        rig.step();
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(Fault.Kind.LAMP);
            assertThat(f.message()).isEqualTo("cannot drive the lamp: pwmchip0 does not exist; relay released to its"
                    + " fail-safe state (lit)");
        });
        assertThat(rig.health.errorCodes()).containsExactly(17);
        assertThat(rig.lit()).as("normally-closed contact, relay released").isTrue();
        assertThat(rig.status()).isEqualTo(new LampControl.LampStatus(100, 100, LightingEngine.FAIL_SAFE_REASON,
                Optional.empty()));

        Instant start = rig.now();
        rig.run(Duration.ofMinutes(2).plusSeconds(4), Duration.ofMillis(100));
        assertThat(rig.opens.pwmAttempts()).extracting(t -> Duration.between(start, t).toSeconds())
                .as("1 s, doubling, at most a minute apart").containsExactly(0L, 1L, 3L, 7L, 15L, 31L, 63L, 123L);
        assertThat(rig.engine.decision().orElseThrow().reason().describe()).isEqualTo("program (23:00 40)");
        assertThat(rig.status().level()).isEqualTo(100);
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).as("raised once, still there").isPresent();

        rig.io.plug(BoardNode.pwmChip(0));
        rig.run(Duration.ofSeconds(61), Duration.ofMillis(100));
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).isEmpty();
        assertThat(rig.status().reason()).isEqualTo("program (23:00 40)");
        assertThat(rig.status().level()).isEqualTo(40);
        assertThat(rig.duty()).isCloseTo(rig.lamp.dimmer().dutyFor(40), within(0.1));
        assertThat(rig.lit()).isTrue();
    }

    @Test
    void aRelayLineThatGoesIsNoticedAtTheNextChangeAndTheLampIsDrivenAgainOnceItIsBack() throws Exception {
        EngineRig rig = new EngineRig(dir, "2025-12-21T22:59:00", CITY, PhotocellMode.BACKUP);
        rig.step();
        rig.runTo("2025-12-21T22:59:50", SECOND);
        assertThat(rig.status().level()).isEqualTo(100);

        rig.io.unplug(BoardNode.gpio(EngineRig.RELAY_PIN)); // the GPIO chip goes: the relay falls released
        rig.overrides.put(new LampOverride(0, Optional.empty(), LampOverride.Source.PLATFORM, "server 1"));
        rig.run(Duration.ofSeconds(5), Duration.ofMillis(100));
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).map(Fault::message).hasValue(
                "cannot drive the lamp: GPIO17 cannot be requested: the line is not there; relay released to its"
                        + " fail-safe state (lit)");
        assertThat(rig.lit()).isTrue();
        assertThat(rig.io.pin(EngineRig.RELAY_PIN).isHigh()).isEqualTo(Relay.releasedLevel(true));
        assertThat(rig.status().reason()).isEqualTo(LightingEngine.FAIL_SAFE_REASON);

        rig.io.plug(BoardNode.gpio(EngineRig.RELAY_PIN));
        rig.run(Duration.ofMinutes(1), Duration.ofMillis(500));
        assertThat(rig.health.fault(LightingEngine.CONTROL_SOURCE)).isEmpty();
        assertThat(rig.lit()).as("the platform's override: off").isFalse();
        assertThat(rig.status().level()).isZero();
    }

    private static void feed(EngineRig rig, double lux, Duration total) {
        Instant end = rig.now().plus(total);
        while (rig.now().isBefore(end)) {
            rig.clock.advance(Duration.ofSeconds(10));
            rig.light(lux);
            rig.step();
        }
    }
}
