package org.streetnode.agent.shell.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.shell.ShellProtocol;
import org.streetnode.agent.shell.TopFrame;
import org.streetnode.agent.shell.Trends;
import org.streetnode.drivers.Quantity;

class TopScreenTest {
    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");

    @Test
    void sparklinesScaleToTheSeriesAndLeaveGapsBlank() {
        JsonNode points = ShellProtocol.json().valueToTree(java.util.Arrays.asList(1.0, null, 2.0, 3.0));
        assertThat(Sparkline.of(points)).isEqualTo("▁ ▅█");
        assertThat(Sparkline.of(ShellProtocol.json().valueToTree(List.of(5.0, 5.0)))).isEqualTo("▄▄");
    }

    @Test
    void aFrameShowsTheLampLineAndEverySensorWithItsTrend() {
        Trends trends = new Trends(Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 12; i++) {
            trends.record(new Reading("air", Quantity.TEMPERATURE, 10 + i, NOW.minusSeconds(60 - 5L * i), true));
            trends.record(new Reading("lamp-power", Quantity.POWER, 20 + i, NOW.minusSeconds(60 - 5L * i), true));
        }
        List<Trends.Series> series = trends.snapshot();
        LampControl.LampOverride override = new LampControl.LampOverride(100, Optional.of(NOW.plusSeconds(900)),
                LampControl.LampOverride.Source.MAINTENANCE, "uid 1001 (bob)");
        TopFrame frame = new TopFrame(NOW, "pole-17", 3700, RegistrationStatus.State.REGISTERED, 1,
                Optional.of(new LampControl.LampStatus(100, 100, "override by maintenance", Optional.of(override))),
                series.stream().filter(s -> s.sensor().equals("lamp-power")).findFirst(),
                series.stream().filter(s -> s.sensor().equals("air")).toList(), List.of("pm"), true, Trends.BUCKET_SECONDS,
                List.of("buffer"));

        List<String> lines = TopScreen.lines(ShellProtocol.json().valueToTree(frame));
        String screen = String.join("\n", lines);
        assertThat(lines.get(0)).contains("pole-17").contains("up 1h 01m 40s").contains("lwm2m registered").contains("faults 1");
        assertThat(screen).contains("LAMP    100 % (override by maintenance); override 100 % by maintenance (uid 1001 (bob)) until");
        assertThat(screen).containsPattern("power +31 W +.*▁▂.*█");
        assertThat(screen).containsPattern("air temperature +21 Cel +5s +.*▁.*█");
        assertThat(screen).containsPattern("pm +no reading yet");
        assertThat(screen).contains("not in this build: buffer");
    }
}
