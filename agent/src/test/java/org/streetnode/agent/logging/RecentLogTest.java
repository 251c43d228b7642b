package org.streetnode.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
    void tinylogWritesIntoTheSharedRingThroughTheShippedConfiguration() {
        Logger.warn("ring check {}", 42);
        RecentLog.LogLine last = RecentLog.shared().last(1).get(0);
        assertThat(last.message()).isEqualTo("ring check 42");
        assertThat(last.level()).isEqualTo("warn");
        assertThat(last.source()).isEqualTo("RecentLogTest");
    }
}
