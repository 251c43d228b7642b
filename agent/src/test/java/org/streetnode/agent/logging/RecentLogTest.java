package org.streetnode.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinylog.Logger;

class RecentLogTest {
    private static RecentLog.LogLine line(int i) {
        return new RecentLog.LogLine(Instant.EPOCH.plusSeconds(i), "info", "Test", "line " + i);
    }

    @Test
    void keepsTheLastLinesUpToItsCapacity() {
        RecentLog ring = new RecentLog(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(line(i));
        }
        assertThat(ring.last(10)).extracting(RecentLog.LogLine::message).containsExactly("line 3", "line 4", "line 5");
        assertThat(ring.last(2)).extracting(RecentLog.LogLine::message).containsExactly("line 4", "line 5");
        ring.capacity(1);
        assertThat(ring.last(10)).extracting(RecentLog.LogLine::message).containsExactly("line 5");
    }

    @Test
    void eachAttachedRingGetsTheLinesLoggedWhileItIsAttachedWithinItsOwnCapacity() {
        RecentLog first = new RecentLog(500);
        RecentLog second = new RecentLog(2);
        assertThat(Logging.attach(first)).as("the shipped configuration has a memory writer").isTrue();
        Logging.attach(second);
        try {
            Logger.warn("ring check {}", 42);
            for (RecentLog ring : List.of(first, second)) {
                RecentLog.LogLine line = ring.last(500).stream().filter(l -> l.message().equals("ring check 42"))
                        .findFirst().orElseThrow();
                assertThat(line.level()).isEqualTo("warn");
                assertThat(line.source()).isEqualTo("RecentLogTest");
            }
            Logging.detach(second);
            Logger.info("after the second agent stopped");
            assertThat(first.last(500)).extracting(RecentLog.LogLine::message).contains("after the second agent stopped");
            assertThat(second.last(500)).extracting(RecentLog.LogLine::message)
                    .doesNotContain("after the second agent stopped").hasSizeLessThanOrEqualTo(2);
        } finally {
            Logging.detach(first);
            Logging.detach(second);
        }
    }
}
