package org.streetnode.agent.logging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent log lines, in memory, for the shell's {@code log} command: a crew on the pole
 * sees what the agent said lately without the journal. Bounded: the oldest line goes when the
 * ring is full.
 *
 * <p>One per agent, made by the composition root and fed by {@link Logging#attach} while the
 * agent lives. The log itself is the process's (Tinylog is configured once per JVM), so the ring
 * of each of several agents in one JVM holds the lines of them all.
 */
public final class RecentLog {
    private final Deque<LogLine> lines = new ArrayDeque<>();
    private int capacity;

    public RecentLog(int capacity) {
        this.capacity = capacity;
    }

    /** A line as the shell shows it. */
    public record LogLine(Instant time, String level, String source, String message) {
    }

    public synchronized void add(LogLine line) {
        lines.addLast(line);
        trim();
    }

    /** Changes how many lines are kept (from {@code [shell] log_lines}); the oldest go first. */
    public synchronized void capacity(int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + lines);
        }
        this.capacity = lines;
        trim();
    }

    public synchronized int capacity() {
        return capacity;
    }

    /** The last {@code n} lines (fewer if there are fewer), oldest first. */
    public synchronized List<LogLine> last(int n) {
        List<LogLine> all = new ArrayList<>(lines);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    private void trim() {
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
    }
}
