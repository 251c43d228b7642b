package org.streetnode.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;

class SamplingScheduleTest {
    private static final Instant T0 = Instant.parse("2026-01-15T22:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final SamplingSchedule schedule = new SamplingSchedule(List.of(
            new SamplingSchedule.Entry("air", "BME280", Duration.ofSeconds(60)),
            new SamplingSchedule.Entry("light", "BH1750", Duration.ofSeconds(10))), TIMEOUT, 3, T0);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static List<Measurement> temperature(double celsius) {
        return List.of(new Measurement(Quantity.TEMPERATURE, celsius));
    }

    private SensorStatus status(String id) {
        return schedule.statuses().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void eachSensorKeepsItsOwnFixedRate() {
        assertThat(schedule.startDue(T0)).containsExactly("air", "light");
        schedule.succeeded("air", T0.plusMillis(30), temperature(5));
        schedule.succeeded("light", T0.plusMillis(20), List.of(new Measurement(Quantity.ILLUMINANCE, 0)));

        assertThat(schedule.startDue(at(9))).isEmpty();
        assertThat(schedule.startDue(at(10))).containsExactly("light");
        // a slow read does not push the next one later: the rate is kept from the schedule
        schedule.succeeded("light", at(11), List.of(new Measurement(Quantity.ILLUMINANCE, 0)));
        assertThat(status("light").nextAttempt()).contains(at(20));
        assertThat(schedule.nextWakeUp()).contains(at(20));
        assertThat(schedule.startDue(at(60))).containsExactly("air", "light");
    }

    @Test
    void failuresBackOffAndTheThirdInARowMarksTheSensorFailed() {
        schedule.startDue(T0);
        SamplingSchedule.Outcome first = schedule.failed("air", T0, "no ACK at 0x76 on i2c-1");
        assertThat(first).isInstanceOfSatisfying(SamplingSchedule.Outcome.Rejected.class, r -> assertThat(r.transition())
                .contains(new SamplingSchedule.Transition("air", SensorHealth.STARTING, SensorHealth.DEGRADED,
                        "no ACK at 0x76 on i2c-1")));
        assertThat(status("air").nextAttempt()).contains(at(5));

        assertThat(schedule.startDue(at(5))).contains("air");
        schedule.failed("air", at(5), "no ACK at 0x76 on i2c-1");
        assertThat(status("air").nextAttempt()).contains(at(15));

        schedule.startDue(at(15));
        SamplingSchedule.Outcome third = schedule.failed("air", at(15), "no ACK at 0x76 on i2c-1");
        assertThat(((SamplingSchedule.Outcome.Rejected) third).transition()).hasValueSatisfying(
                t -> assertThat(t.to()).isEqualTo(SensorHealth.FAILED));
        assertThat(status("air").nextAttempt()).contains(at(35));
        assertThat(status("air").health()).isEqualTo(SensorHealth.FAILED);
        assertThat(status("air").consecutiveFailures()).isEqualTo(3);

        schedule.startDue(at(35));
        SamplingSchedule.Outcome back = schedule.succeeded("air", at(35), temperature(5));
        assertThat(((SamplingSchedule.Outcome.Accepted) back).transition()).hasValueSatisfying(t -> {
            assertThat(t.from()).isEqualTo(SensorHealth.FAILED);
            assertThat(t.to()).isEqualTo(SensorHealth.OK);
        });
        assertThat(status("air").lastError()).contains("no ACK at 0x76 on i2c-1");
        assertThat(status("air").consecutiveFailures()).isZero();
    }

    @Test
    void theRetryDelayDoublesUpToFifteenMinutes() {
        assertThat(SamplingSchedule.FAILING.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(SamplingSchedule.FAILING.after(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(SamplingSchedule.FAILING.after(9)).isEqualTo(Duration.ofMinutes(15));
        assertThat(SamplingSchedule.FAILING.after(500)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void anUnavailableDeviceFailsItsSensorAtOnceAndIsTriedAgainAtMostAMinuteApart() {
        schedule.startDue(T0);
        assertThat(schedule.unavailable("air", T0, "device unavailable: /dev/i2c-1 does not exist"))
                .isInstanceOfSatisfying(SamplingSchedule.Outcome.Rejected.class, r -> assertThat(r.transition())
                        .contains(new SamplingSchedule.Transition("air", SensorHealth.STARTING, SensorHealth.FAILED,
                                "device unavailable: /dev/i2c-1 does not exist")));
        long[] waits = new long[7];
        Instant attempt = T0;
        for (int i = 0; i < waits.length; i++) {
            Instant next = status("air").nextAttempt().orElseThrow();
            waits[i] = Duration.between(attempt, next).toSeconds();
            attempt = next;
            assertThat(schedule.startDue(attempt)).contains("air");
            var again = (SamplingSchedule.Outcome.Rejected) schedule.unavailable("air", attempt,
                    "device unavailable: /dev/i2c-1 does not exist");
            assertThat(again.transition()).as("FAILED already: nothing to tell").isEmpty();
        }
        assertThat(waits).containsExactly(5, 10, 20, 40, 60, 60, 60);
    }

    @Test
    void aHungReadFailsTheSensorOnceAndBlocksOnlyThatSensor() {
        schedule.startDue(T0);
        schedule.succeeded("light", T0, List.of(new Measurement(Quantity.ILLUMINANCE, 3)));

        assertThat(schedule.hung(at(2))).isEmpty();
        assertThat(schedule.hung(at(3))).singleElement().satisfies(t -> {
            assertThat(t.sensorId()).isEqualTo("air");
            assertThat(t.to()).isEqualTo(SensorHealth.FAILED);
            assertThat(t.reason()).isEqualTo("read timed out after 2000 ms: the device or its bus hangs");
        });
        assertThat(schedule.hung(at(4))).isEmpty();
        // the hung sensor is not started again; the other one keeps its period
        assertThat(schedule.startDue(at(120))).containsExactly("light");

        schedule.succeeded("light", at(120), List.of(new Measurement(Quantity.ILLUMINANCE, 3)));
        SamplingSchedule.Outcome late = schedule.succeeded("air", at(130), temperature(4));
        assertThat(late).isInstanceOf(SamplingSchedule.Outcome.Accepted.class);
        assertThat(status("air").health()).isEqualTo(SensorHealth.OK);
    }

    @Test
    void implausibleValuesAreRefusedWithTheReason() {
        schedule.startDue(T0);
        SamplingSchedule.Outcome o = schedule.succeeded("air", T0, temperature(150));
        assertThat(o).isInstanceOfSatisfying(SamplingSchedule.Outcome.Rejected.class, r ->
                assertThat(r.reason()).isEqualTo("implausible temperature 150 Cel (plausible -45 to 70)"));
    }

    @Test
    void aSensorRepeatingTheSameValuesIsStuck() {
        for (int i = 0; i < 3; i++) {
            assertThat(schedule.startDue(at(60L * i))).contains("air");
            SamplingSchedule.Outcome o = schedule.succeeded("air", at(60L * i), temperature(21.37));
            if (i < 2) {
                assertThat(o).isInstanceOf(SamplingSchedule.Outcome.Accepted.class);
            } else {
                assertThat(o).isInstanceOfSatisfying(SamplingSchedule.Outcome.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo("value stuck at 21.37 Cel for 3 samples"));
            }
        }
    }

    @Test
    void darknessAllNightIsNotAStuckLightSensor() {
        for (int i = 0; i < 10; i++) {
            schedule.startDue(at(10L * i));
            assertThat(schedule.succeeded("light", at(10L * i), List.of(new Measurement(Quantity.ILLUMINANCE, 0))))
                    .isInstanceOf(SamplingSchedule.Outcome.Accepted.class);
        }
    }
}
