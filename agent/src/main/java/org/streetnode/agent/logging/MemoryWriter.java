package org.streetnode.agent.logging;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

/**
 * A Tinylog writer ({@code writerX = memory} in {@code tinylog.properties}) that hands each line
 * to the {@link RecentLog} rings attached to it ({@link Logging#attach}). Nothing touches the
 * disk. Tinylog makes it, once per process, by reflection from its configuration.
 */
public final class MemoryWriter implements Writer {
    private final List<RecentLog> rings = new CopyOnWriteArrayList<>();

    /** Tinylog's constructor; the writer takes no properties beyond the common ones (level). */
    public MemoryWriter(Map<String, String> properties) {
    }

    void attach(RecentLog ring) {
        rings.add(ring);
    }

    void detach(RecentLog ring) {
        rings.remove(ring);
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
        RecentLog.LogLine line = new RecentLog.LogLine(entry.getTimestamp().toInstant(),
                entry.getLevel().name().toLowerCase(Locale.ROOT), className.substring(className.lastIndexOf('.') + 1), message);
        rings.forEach(ring -> ring.add(line));
    }

    @Override
    public void flush() {
        // in memory: nothing to flush
    }

    @Override
    public void close() {
        // the rings stay readable while their agents hold them
    }
}
