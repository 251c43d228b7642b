package org.streetnode.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.streetnode.agent.units.Units;

/**
 * Typed, checked access to one TOML table. Every accessor validates type and range, records a
 * located {@link ConfigProblem} instead of throwing, and returns a usable fallback so reading
 * goes on and a technician sees every problem at once. Keys that were never asked for are
 * reported as unknown by {@link ConfigReading#finish()}: that catches typos.
 */
public final class ConfigTable {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private final ConfigReading reading;
    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<ConfigTable> children = new ArrayList<>();
    /** The table was written as something else; its problem is reported, its missing keys are not. */
    private final boolean replacesWrongType;

    ConfigTable(ConfigReading reading, String path, ObjectNode node) {
        this(reading, path, node, false);
    }

    private ConfigTable(ConfigReading reading, String path, ObjectNode node, boolean replacesWrongType) {
        this.reading = reading;
        this.path = path;
        this.node = node;
        this.replacesWrongType = replacesWrongType;
    }

    /** The dotted path of this table ({@code ""} for the file's root). */
    public String path() {
        return path;
    }

    /** Whether the key is written in this table. */
    public boolean has(String key) {
        return node.has(key);
    }

    public String string(String key, String fallback) {
        return optionalString(key).orElseGet(() -> reading.effective(effectivePath(key), fallback, quote(fallback)));
    }

    public String requiredString(String key) {
        Optional<String> v = optionalString(key);
        if (v.isEmpty() && !node.has(key)) {
            missing(key, "missing: this key is required");
        }
        return v.orElse("");
    }

    public Optional<String> optionalString(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            return wrongType(key, "a string", v);
        }
        return Optional.of(reading.effective(effectivePath(key), v.textValue(), quote(v.textValue())));
    }

    public int integer(String key, int fallback, int min, int max) {
        return (int) longValue(key, fallback, min, max, false);
    }

    public long longValue(String key, long fallback, long min, long max) {
        return longValue(key, fallback, min, max, false);
    }

    public int requiredInteger(String key, int min, int max) {
        return (int) longValue(key, min, min, max, true);
    }

    private long longValue(String key, long fallback, long min, long max, boolean required) {
        JsonNode v = value(key);
        if (v == null) {
            if (required) {
                missing(key, "missing: this key is required (an integer from " + min + " to " + max + ")");
            }
            return reading.effective(effectivePath(key), fallback, Long.toString(fallback));
        }
        if (!v.isIntegralNumber()) {
            return this.<Long>wrongType(key, "an integer", v).orElse(fallback);
        }
        long n = v.longValue();
        if (!v.canConvertToLong() || n < min || n > max) {
            problem(key, "out of range: " + v.asText() + " (allowed " + min + " to " + max + ")");
            return fallback;
        }
        return reading.effective(effectivePath(key), n, v.asText());
    }

    public double decimal(String key, double fallback, double min, double max) {
        return decimal(key, fallback, min, max, false);
    }

    public double requiredDecimal(String key, double min, double max) {
        return decimal(key, min, min, max, true);
    }

    private double decimal(String key, double fallback, double min, double max, boolean required) {
        JsonNode v = value(key);
        if (v == null) {
            if (required) {
                missing(key, "missing: this key is required (a number from " + min + " to " + max + ")");
            }
            return reading.effective(effectivePath(key), fallback, Double.toString(fallback));
        }
        if (!v.isNumber()) {
            return this.<Double>wrongType(key, "a number", v).orElse(fallback);
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d) || d < min || d > max) {
            problem(key, "out of range: " + v.asText() + " (allowed " + min + " to " + max + ")");
            return fallback;
        }
        return reading.effective(effectivePath(key), d, Double.toString(d));
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = value(key);
        if (v == null) {
            return reading.effective(effectivePath(key), fallback, Boolean.toString(fallback));
        }
        if (!v.isBoolean()) {
            return this.<Boolean>wrongType(key, "true or false", v).orElse(fallback);
        }
        return reading.effective(effectivePath(key), v.booleanValue(), v.asText());
    }

    /** A duration written as a string with a unit: {@code "250ms"}, {@code "30s"}, {@code "5m"}, {@code "2h"}, {@code "7d"}. */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        JsonNode v = value(key);
        if (v == null) {
            return reading.effective(effectivePath(key), fallback, quote(Units.formatDuration(fallback)));
        }
        Optional<Duration> d = v.isTextual() ? Units.parseDuration(v.textValue()) : Optional.empty();
        if (d.isEmpty()) {
            problem(key, "expected a duration such as \"500ms\", \"30s\", \"5m\", \"2h\" or \"7d\", found " + describe(v));
            return fallback;
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problem(key, "out of range: " + v.textValue() + " (allowed " + Units.formatDuration(min) + " to "
                    + Units.formatDuration(max) + ")");
            return fallback;
        }
        return reading.effective(effectivePath(key), d.get(), quote(v.textValue()));
    }

    /** A size in bytes, written as a string with a unit ({@code "64MB"}, {@code "512KB"}; 1 KB = 1024 B) or a plain integer. */
    public long byteSize(String key, long fallback, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            return reading.effective(effectivePath(key), fallback, quote(Units.formatBytes(fallback)));
        }
        Optional<Long> n = v.isTextual() ? Units.parseBytes(v.textValue())
                : v.isIntegralNumber() && v.canConvertToLong() ? Optional.of(v.longValue()) : Optional.empty();
        if (n.isEmpty()) {
            problem(key, "expected a size such as \"64MB\", \"512KB\" or a number of bytes, found " + describe(v));
            return fallback;
        }
        if (n.get() < min || n.get() > max) {
            problem(key, "out of range: " + v.asText() + " (allowed " + Units.formatBytes(min) + " to "
                    + Units.formatBytes(max) + ")");
            return fallback;
        }
        return reading.effective(effectivePath(key), n.get(), v.isTextual() ? quote(v.textValue()) : v.asText());
    }

    /** One of a closed set of words, mapped to an enum constant ({@code "fail-safe"} -> {@code FAIL_SAFE}). */
    public <E extends Enum<E>> E choice(String key, E fallback) {
        return choice(key, fallback, false);
    }

    public <E extends Enum<E>> E requiredChoice(String key, E fallback) {
        return choice(key, fallback, true);
    }

    private <E extends Enum<E>> E choice(String key, E fallback, boolean required) {
        Class<E> type = fallback.getDeclaringClass();
        JsonNode v = value(key);
        if (v == null) {
            if (required) {
                missing(key, "missing: this key is required (one of " + words(type) + ")");
            }
            return reading.effective(effectivePath(key), fallback, quote(word(fallback)));
        }
        if (v.isTextual()) {
            for (E e : type.getEnumConstants()) {
                if (word(e).equals(v.textValue().toLowerCase(Locale.ROOT))) {
                    return reading.effective(effectivePath(key), e, quote(word(e)));
                }
            }
        }
        problem(key, "expected one of " + words(type) + ", found " + describe(v));
        return fallback;
    }

    /** A file path; relative paths are taken relative to the directory of the config file. */
    public Optional<Path> optionalPath(String key) {
        return optionalString(key).filter(s -> !s.isBlank()).map(s -> reading.resolve(s));
    }

    public Path path(String key, Path fallback) {
        return optionalPath(key).orElseGet(() -> reading.effective(effectivePath(key), fallback, quote(fallback.toString())));
    }

    public Path requiredPath(String key) {
        Optional<Path> p = optionalPath(key);
        if (p.isEmpty() && !node.has(key)) {
            missing(key, "missing: this key is required (a file path)");
        } else if (p.isEmpty()) {
            problem(key, "must not be empty (a file path)");
        }
        return p.orElse(Path.of(""));
    }

    /** A sub-table; an absent one reads as empty, so its keys take their defaults. */
    public ConfigTable table(String key) {
        JsonNode v = value(key);
        ObjectNode obj;
        boolean wrong = false;
        if (v == null) {
            obj = ConfigReading.emptyObject();
        } else if (v instanceof ObjectNode o) {
            obj = o;
        } else {
            wrongType(key, "a table", v);
            obj = ConfigReading.emptyObject();
            wrong = true;
        }
        ConfigTable child = new ConfigTable(reading, keyPath(key), obj, wrong || replacesWrongType);
        children.add(child);
        return child;
    }

    /** An array of tables ({@code [[sensor]]}); absent reads as empty. */
    public List<ConfigTable> tables(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof ArrayNode array)) {
            wrongType(key, "an array of tables ([[" + keyPath(key) + "]])", v);
            return List.of();
        }
        List<ConfigTable> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String p = keyPath(key) + "[" + i + "]";
            if (array.get(i) instanceof ObjectNode o) {
                ConfigTable child = new ConfigTable(reading, p, o);
                children.add(child);
                out.add(child);
            } else {
                reading.problem(p, "expected a table, found " + describe(array.get(i)));
            }
        }
        return out;
    }

    /** Records a problem about {@code key} of this table, located at its line. */
    public void problem(String key, String message) {
        reading.problem(keyPath(key), message);
    }

    private void missing(String key, String message) {
        if (!replacesWrongType) {
            problem(key, message);
        }
    }

    /** The config file's location for messages about this table as a whole. */
    public String where() {
        return reading.where(path);
    }

    void reportUnknownKeys() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String hint = closest(name).map(k -> "; did you mean \"" + k + "\"?").orElse("");
                reading.problem(keyPath(name), "unknown key" + hint
                        + (known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")"));
            }
        }
        children.forEach(ConfigTable::reportUnknownKeys);
    }

    private JsonNode value(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The key's path as TOML writes it: a key that is not a bare word ({@code "org.sqlite"}) is quoted. */
    private String effectivePath(String key) {
        String written = BARE_KEY.matcher(key).matches() ? key : quote(key);
        return path.isEmpty() ? written : path + "." + written;
    }

    /** The keys written in this table, in file order; each counts as known. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        known.addAll(keys);
        return keys;
    }

    private <T> Optional<T> wrongType(String key, String expected, JsonNode found) {
        problem(key, "wrong type: expected " + expected + ", found " + describe(found));
        return Optional.empty();
    }

    private Optional<String> closest(String name) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = editDistance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String describe(JsonNode v) {
        JsonNodeType t = v.getNodeType();
        return switch (t) {
            case STRING -> "string " + quote(v.textValue());
            case NUMBER -> (v.isIntegralNumber() ? "integer " : "number ") + v.asText();
            case BOOLEAN -> "boolean " + v.asText();
            case ARRAY -> "an array";
            case OBJECT -> "a table";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static <E extends Enum<E>> String word(E e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> String words(Class<E> type) {
        List<String> ws = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            ws.add(quote(word(e)));
        }
        return String.join(", ", ws);
    }
}
