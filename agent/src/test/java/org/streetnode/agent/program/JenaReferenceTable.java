package org.streetnode.agent.program;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Reference dusk and dawn for Jena (50.927 N, 11.586 E, Europe/Berlin), to the second, from
 * the NOAA Solar Calculator's equations ({@link NoaaSolarReference}; {@code SolarClockTest}
 * recomputes every row). Four nights: an equinox, midsummer, the night the clocks go back,
 * midwinter.
 */
public final class JenaReferenceTable {
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    public static final double LATITUDE = 50.927;
    public static final double LONGITUDE = 11.586;

    /** The event of the night starting on {@code evening}, in Jena's local time. */
    public record Row(LocalDate evening, SolarEvent event, LocalDateTime local) {
        public Instant instant() {
            return local.atZone(BERLIN).toInstant();
        }
    }

    public static final List<Row> ROWS = List.of(
            row("2025-03-20", SolarEvent.DUSK, "2025-03-20T18:26:56"),
            row("2025-03-20", SolarEvent.DAWN, "2025-03-21T06:13:51"),
            row("2025-03-20", SolarEvent.CIVIL_DUSK, "2025-03-20T18:59:52"),
            row("2025-03-20", SolarEvent.CIVIL_DAWN, "2025-03-21T05:40:59"),
            row("2025-06-21", SolarEvent.DUSK, "2025-06-21T21:31:33"),
            row("2025-06-21", SolarEvent.DAWN, "2025-06-22T04:59:42"),
            row("2025-06-21", SolarEvent.CIVIL_DUSK, "2025-06-21T22:18:04"),
            row("2025-06-21", SolarEvent.CIVIL_DAWN, "2025-06-22T04:13:12"),
            row("2025-10-25", SolarEvent.DUSK, "2025-10-25T18:00:43"),
            row("2025-10-25", SolarEvent.DAWN, "2025-10-26T06:55:32"),
            row("2025-10-25", SolarEvent.CIVIL_DUSK, "2025-10-25T18:34:43"),
            row("2025-10-25", SolarEvent.CIVIL_DAWN, "2025-10-26T06:21:25"),
            row("2025-12-21", SolarEvent.DUSK, "2025-12-21T16:09:34"),
            row("2025-12-21", SolarEvent.DAWN, "2025-12-22T08:14:35"),
            row("2025-12-21", SolarEvent.CIVIL_DUSK, "2025-12-21T16:49:11"),
            row("2025-12-21", SolarEvent.CIVIL_DAWN, "2025-12-22T07:34:58"));

    private JenaReferenceTable() {
    }

    public static Instant of(String evening, SolarEvent event) {
        LocalDate d = LocalDate.parse(evening);
        return ROWS.stream().filter(r -> r.evening().equals(d) && r.event() == event).findFirst().orElseThrow().instant();
    }

    private static Row row(String evening, SolarEvent event, String local) {
        return new Row(LocalDate.parse(evening), event, LocalDateTime.parse(local));
    }
}
