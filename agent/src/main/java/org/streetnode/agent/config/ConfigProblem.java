package org.streetnode.agent.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file, located so a technician can fix it without
 * guessing: {@code /etc/streetnode/streetnode.toml:12: lwm2m.lifetime: ...}.
 *
 * @param file the file the problem is in
 * @param line 1-based line, or 0 when it concerns the file as a whole (a missing table)
 * @param key the dotted key path ({@code sensor[2].address}), or empty for syntax errors
 * @param message what is wrong and, where it helps, what would be right
 */
public record ConfigProblem(Path file, int line, String key, String message) {
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (!key.isEmpty()) {
            s.append(key).append(": ");
        }
        return s.append(message).toString();
    }
}
