package org.streetnode.agent.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Dusk and dawn from commons-suncalc against an independent reference. */
class SolarClockTest {
    static final ZoneId BERLIN = JenaReferenceTable.BERLIN;
    static final double JENA_LAT = JenaReferenceTable.LATITUDE;
    static final double JENA_LON = JenaReferenceTable.LONGITUDE;
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    private final SolarClock jena = new SolarClock(JENA_LAT, JENA_LON, BERLIN);

    /** Where the table comes from: recomputing it gives the same seconds. */
    @Test
    void theTableIsTheNoaaComputation() {
        for (JenaReferenceTable.Row r : JenaReferenceTable.ROWS) {
            assertThat(noaa(r.evening(), r.event())).as("%s", r).isCloseTo(r.instant(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.SECONDS));
        }
    }

    @Test
    void duskAndDawnMatchTheReferenceTableWithinAMinute() {
        for (JenaReferenceTable.Row r : JenaReferenceTable.ROWS) {
            assertThat(jena.event(r.event(), r.evening())).as("%s", r).hasValueSatisfying(
                    t -> assertThat(Duration.between(r.instant(), t).abs()).isLessThan(ONE_MINUTE));
        }
    }

    @Test
    void agreesWithTheReferenceOnEveryNightOfAYear() {
        for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
            for (SolarEvent e : SolarEvent.values()) {
                Instant expected = noaa(d, e);
                LocalDate evening = d;
                assertThat(jena.event(e, d)).as("%s %s", d, e).hasValueSatisfying(
                        t -> assertThat(Duration.between(expected, t).abs()).as("%s %s", evening, e).isLessThan(ONE_MINUTE));
            }
        }
    }

    @Test
    void dawnBelongsToTheMorningAfterTheEvening() {
        Instant dusk = jena.event(SolarEvent.DUSK, LocalDate.of(2025, 12, 21)).orElseThrow();
        Instant dawn = jena.event(SolarEvent.DAWN, LocalDate.of(2025, 12, 21)).orElseThrow();
        assertThat(Duration.between(dusk, dawn)).isBetween(Duration.ofHours(15), Duration.ofHours(17));
    }

    @Test
    void polarSummerHasNoDuskAndPolarWinterNeverGetsLight() {
        SolarClock longyearbyen = new SolarClock(78.22, 15.65, ZoneId.of("Arctic/Longyearbyen"));
        assertThat(longyearbyen.event(SolarEvent.DUSK, LocalDate.of(2025, 6, 21))).isEmpty();
        assertThat(longyearbyen.event(SolarEvent.DAWN, LocalDate.of(2025, 6, 21))).isEmpty();
        LocalDate winter = LocalDate.of(2025, 12, 21);
        assertThat(longyearbyen.event(SolarEvent.DUSK, winter))
                .contains(winter.atTime(12, 0).atZone(ZoneId.of("Arctic/Longyearbyen")).toInstant());
        assertThat(longyearbyen.event(SolarEvent.DAWN, winter))
                .contains(winter.plusDays(1).atTime(12, 0).atZone(ZoneId.of("Arctic/Longyearbyen")).toInstant());
    }

    /** The reference for the night starting on {@code evening} (morning events on the next date, UTC and local agree here). */
    static Instant noaa(LocalDate evening, SolarEvent e) {
        boolean civil = e == SolarEvent.CIVIL_DUSK || e == SolarEvent.CIVIL_DAWN;
        return NoaaSolarReference.event(e.evening() ? evening : evening.plusDays(1), JENA_LAT, JENA_LON,
                civil ? NoaaSolarReference.CIVIL_ZENITH : NoaaSolarReference.SUNRISE_ZENITH, !e.evening());
    }
}
