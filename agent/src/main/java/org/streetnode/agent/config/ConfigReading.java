package org.streetnode.agent.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over one config file: collects the problems of every {@link ConfigTable} read from
 * it and the effective value of every key (defaults included) for display.
 */
public final class ConfigReading {
    private final TomlSource source;
    private final ConfigTable root;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, String> effective = new LinkedHashMap<>();

    private ConfigReading(TomlSource source) {
        this.source = source;
        this.root = new ConfigTable(this, "", source.root());
    }

    /** Starts reading {@code file}; a file that cannot be read or parsed throws at once. */
    public static ConfigReading of(Path file) throws ConfigException {
        return new ConfigReading(TomlSource.read(file));
    }

    static ConfigReading ofText(Path file, String text) throws ConfigException {
        return new ConfigReading(TomlSource.parse(file, text));
    }

    public ConfigTable root() {
        return root;
    }

    public Path file() {
        return source.file();
    }

    /** Reports unknown keys, then returns every problem found, in file order. */
    public List<ConfigProblem> finish() {
        root.reportUnknownKeys();
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return sorted;
    }

    /** Effective value of every key read, rendered as TOML values, in reading order. */
    public Map<String, String> effectiveValues() {
        return Collections.unmodifiableMap(effective);
    }

    void problem(String path, String message) {
        problems.add(new ConfigProblem(source.file(), source.lineOf(path), path, message));
    }

    /** Adds a problem that is not about a single key, such as a cross-check between keys. */
    public void problem(String path, int line, String message) {
        problems.add(new ConfigProblem(source.file(), line, path, message));
    }

    <T> T effective(String path, T value, String rendered) {
        effective.put(path, rendered);
        return value;
    }

    /** Replaces how a key is displayed (a secret file's description instead of its bare path). */
    public void describeEffective(String path, String rendered) {
        effective.put(path, rendered);
    }

    int lineOf(String path) {
        return source.lineOf(path);
    }

    String where(String path) {
        int line = source.lineOf(path);
        return source.file() + (line > 0 ? ":" + line : "");
    }

    Path resolve(String path) {
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            return p;
        }
        Path dir = source.file().toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize();
    }

    static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
