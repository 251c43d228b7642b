package org.streetnode.agent.logging;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * A Tinylog writer ({@code writerX = memory} in {@code tinylog.properties}) that keeps each
 * line in {@link RecentLog#shared()}. Nothing touches the disk.
 */
public final class MemoryWriter implements Writer {
    private final RecentLog ring;

    /** Tinylog's constructor; the writer takes no properties beyond the common ones (level). */
    public MemoryWriter(Map<String, String> properties) {
        this(RecentLog.shared());
    }

    MemoryWriter(RecentLog ring) {
        this.ring = ring;
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.DATE, LogEntryValue.LEVEL, LogEntryValue.CLASS, LogEntryValue.MESSAGE,
                LogEntryValue.EXCEPTION);
    }

    @Override
    public void write(LogEntry entry) {
        String message = entry.getMessage() == null ? "" : entry.getMessage();
        if (entry.getException() != null) {
            message = message.isEmpty() ? entry.getException().toString() : message + ": " + entry.getException();
        }
        String className = entry.getClassName() == null ? "" : entry.getClassName();
        ring.add(new RecentLog.LogLine(entry.getTimestamp().toInstant(), entry.getLevel().name().toLowerCase(Locale.ROOT),
                className.substring(className.lastIndexOf('.') + 1), message));
    }

    @Override
    public void flush() {
        // in memory: nothing to flush
    }

    @Override
    public void close() {
        // the ring stays readable until the process ends
    }
}
