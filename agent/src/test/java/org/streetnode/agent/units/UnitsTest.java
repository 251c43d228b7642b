package org.streetnode.agent.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void parsesAndFormatsDurations() {
        assertThat(Units.parseDuration("250ms")).contains(Duration.ofMillis(250));
        assertThat(Units.parseDuration("30s")).contains(Duration.ofSeconds(30));
        assertThat(Units.parseDuration(" 5m ")).contains(Duration.ofMinutes(5));
        assertThat(Units.parseDuration("2h")).contains(Duration.ofHours(2));
        assertThat(Units.parseDuration("7d")).contains(Duration.ofDays(7));
        assertThat(Units.parseDuration("5")).isEmpty();
        assertThat(Units.parseDuration("1.5s")).isEmpty();
        assertThat(Units.parseDuration("-3s")).isEmpty();
        assertThat(Units.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Units.formatDuration(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(Units.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Units.formatDuration(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void parsesAndFormatsSizes() {
        assertThat(Units.parseBytes("64MB")).contains(64L << 20);
        assertThat(Units.parseBytes("512 kb")).contains(512L << 10);
        assertThat(Units.parseBytes("1GiB")).contains(1L << 30);
        assertThat(Units.parseBytes("100")).contains(100L);
        assertThat(Units.parseBytes("12 parsecs")).isEmpty();
        assertThat(Units.parseBytes("999999999999999GB")).isEmpty();
        assertThat(Units.formatBytes(64L << 20)).isEqualTo("64MB");
        assertThat(Units.formatBytes(1000)).isEqualTo("1000B");
    }
}
