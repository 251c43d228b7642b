package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers as people read them: plain text, tables for lists, local times. Any answer renders
 * through {@link #generic}, so an area registered later shows without client changes;
 * {@code status}, {@code lamp} and {@code log} have their own layouts.
 */
final class TextView {
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String NL = System.lineSeparator();

    private TextView() {
    }

    static String status(JsonNode s) {
        StringBuilder b = new StringBuilder();
        JsonNode board = s.path("board");
        line(b, "streetnode " + s.path("version").asText() + " on " + s.path("endpoint").asText() + " ("
                + board.path("kind").asText() + " board: " + board.path("model").asText() + ", serial "
                + board.path("serial").asText() + ")");
        JsonNode sync = s.path("clockSynchronised");
        line(b, "up " + duration(s.path("uptimeSeconds").asLong()) + " since " + scalar(s.path("startedAt")) + "; clock "
                + scalar(s.path("now")) + (sync.isNull() ? " (sync unknown)" : sync.asBoolean() ? " (synchronised)" : " (NOT synchronised)"));
        line(b, "lwm2m: " + registration(s.path("registration")));
        JsonNode faults = s.path("faults");
        if (faults.isEmpty()) {
            line(b, "faults: none");
        } else {
            line(b, "faults:");
            for (JsonNode f : faults) {
                line(b, "  " + f.path("source").asText() + ": " + f.path("message").asText() + " (since " + scalar(f.path("since")) + ")");
            }
        }
        line(b, "lamp: " + (s.path("lamp").isNull() ? "not available in this build" : lampLine(s.path("lamp"))));
        if (s.path("sensors").isArray()) {
            line(b, "sensors:");
            b.append(sensors(s.path("sensors")).indent(2));
        } else {
            section(b, "sensors", s.path("sensors"));
        }
        section(b, "buffer", s.path("buffer"));
        if (s.path("loops").isObject() && !s.path("loops").isEmpty()) {
            List<String> loops = new ArrayList<>();
            s.path("loops").properties().forEach(e -> loops.add(e.getKey() + " " + e.getValue().asLong()));
            line(b, "loops (progress): " + String.join(", ", loops));
        }
        List<String> missing = new ArrayList<>();
        s.path("notInThisBuild").forEach(n -> missing.add(n.asText()));
        if (!missing.isEmpty()) {
            line(b, "not in this build: " + String.join(", ", missing));
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String name, JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            line(b, name + ": not available in this build");
        } else {
            line(b, name + ":");
            b.append(generic(value).indent(2));
        }
    }

    static String registration(JsonNode r) {
        StringBuilder b = new StringBuilder(r.path("state").asText().toLowerCase(Locale.ROOT) + " (" + r.path("server").asText() + ")");
        if (!r.path("registrationId").isNull()) {
            b.append(" as ").append(r.path("registrationId").asText());
        }
        b.append("; last contact ").append(scalar(r.path("lastContact")));
        b.append("; next attempt ").append(scalar(r.path("nextAttempt")));
        if (!r.path("lastError").isNull()) {
            b.append("; last error: ").append(r.path("lastError").asText());
        }
        return b.toString();
    }

    /** {@code update}: the state, the download's progress and rate, the last result. */
    static String update(JsonNode u) {
        StringBuilder b = new StringBuilder();
        if (!u.path("enabled").asBoolean()) {
            line(b, "update: off (" + u.path("reason").asText() + ")");
            return b.toString();
        }
        String state = u.path("state").asText();
        line(b, "update: " + state + (u.path("packageVersion").isNull() ? "" : " " + u.path("packageVersion").asText())
                + "; running " + u.path("running").asText()
                + (u.path("previousVersion").isNull() ? "" : " (previous " + u.path("previousVersion").asText() + ")"));
        if (state.equals("downloading") || state.equals("downloaded")) {
            String total = u.path("totalBytes").isNull() ? "?" : String.valueOf(u.path("totalBytes").asLong());
            line(b, (u.path("source").isNull() ? "" : "from " + u.path("source").asText() + ": ") + u.path("bytes").asLong()
                    + " of " + total + " bytes" + (u.path("percent").isNull() ? "" : " (" + percent(u.path("percent")) + ")")
                    + (state.equals("downloading") ? ", " + u.path("bytesPerSecond").asLong() / 1024 + " KB/s (at most "
                            + u.path("maxBytesPerSecond").asLong() / 1024 + " KB/s)" : ""));
        }
        line(b, "last result: " + u.path("resultMeaning").asText()
                + (u.path("reason").asText().isEmpty() ? "" : ": " + u.path("reason").asText()));
        return b.toString();
    }

    /** {@code sensors}: one row per sensor, its values in one cell. */
    static String sensors(JsonNode list) {
        StringBuilder b = new StringBuilder();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("SENSOR", "MODEL", "HEALTH", "VALUES", "AGE", "LAST ERROR"));
        for (JsonNode s : list) {
            List<String> values = new ArrayList<>();
            s.path("values").forEach(v -> values.add(scalar(v.path("value")) + " " + v.path("unit").asText()));
            JsonNode age = s.path("ageSeconds");
            String error = s.path("lastError").isNull() ? "-"
                    : s.path("lastError").asText() + " (" + scalar(s.path("lastErrorAt")) + ")";
            rows.add(List.of(s.path("id").asText(), s.path("model").asText(), s.path("health").asText().toLowerCase(Locale.ROOT),
                    values.isEmpty() ? "-" : String.join(", ", values), age.isNull() ? "-" : duration(age.asLong()), error));
        }
        int[] width = new int[rows.get(0).size()];
        rows.forEach(r -> {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        });
        rows.forEach(r -> line(b, row(r, width)));
        return b.toString();
    }

    /** {@code lamp}, {@code lamp set}, {@code lamp clear}. */
    static String lamp(JsonNode view) {
        StringBuilder b = new StringBuilder();
        line(b, "lamp: " + lampLine(view.path("status")));
        JsonNode monitor = view.path("monitor");
        if (monitor.isNull() || monitor.isMissingNode()) {
            line(b, "power, hours, failures: not available in this build");
        } else {
            b.append(generic(monitor));
        }
        return b.toString();
    }

    static String lampLine(JsonNode status) {
        StringBuilder b = new StringBuilder(percent(status.path("level")));
        if (status.path("target").asDouble() != status.path("level").asDouble()) {
            b.append(" -> ").append(percent(status.path("target")));
        }
        b.append(" (").append(status.path("reason").asText()).append(")");
        JsonNode o = status.path("override");
        if (o.isNull() || o.isMissingNode()) {
            b.append("; no override");
        } else {
            b.append("; override ").append(percent(o.path("level"))).append(" by ")
                    .append(o.path("source").asText().toLowerCase(Locale.ROOT)).append(" (").append(o.path("by").asText())
                    .append(") ").append(o.path("until").isNull() ? "until cancelled" : "until " + scalar(o.path("until")));
        }
        return b.toString();
    }

    static String log(JsonNode view) {
        StringBuilder b = new StringBuilder();
        for (JsonNode l : view.path("lines")) {
            line(b, scalar(l.path("time")) + " " + String.format("%-5s", l.path("level").asText().toUpperCase(Locale.ROOT)) + " "
                    + l.path("source").asText() + ": " + l.path("message").asText());
        }
        return b.toString();
    }

    /** Objects as "key: value" lines, nested objects indented, lists of objects as tables. */
    static String generic(JsonNode node) {
        StringBuilder b = new StringBuilder();
        if (node.isArray()) {
            table(b, node, "");
        } else if (node.isObject()) {
            object(b, node, "");
        } else {
            line(b, scalar(node));
        }
        return b.toString();
    }

    private static void object(StringBuilder b, JsonNode node, String indent) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String label = indent + label(e.getKey());
            JsonNode v = e.getValue();
            if (v.isObject()) {
                line(b, label + ":");
                object(b, v, indent + "  ");
            } else if (v.isArray() && v.size() > 0 && v.get(0).isObject()) {
                line(b, label + ":");
                table(b, v, indent + "  ");
            } else {
                line(b, label + ": " + cell(v));
            }
        }
    }

    private static void table(StringBuilder b, JsonNode rows, String indent) {
        if (rows.isEmpty()) {
            line(b, indent + "(none)");
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
        List<String> header = columns.stream().map(TextView::label).toList();
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode r : rows) {
            cells.add(columns.stream().map(c -> cell(r.path(c))).toList());
        }
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> row : cells) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        line(b, indent + row(header, width));
        for (List<String> row : cells) {
            line(b, indent + row(row, width));
        }
    }

    private static String row(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == 0 ? "" : "  ").append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + width[i] + "s", cells.get(i)));
        }
        return b.toString().stripTrailing();
    }

    private static String cell(JsonNode v) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(cell(x)));
            return parts.isEmpty() ? "-" : String.join(", ", parts);
        }
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            v.properties().forEach(e -> parts.add(label(e.getKey()) + " " + cell(e.getValue())));
            return String.join(", ", parts);
        }
        return scalar(v);
    }

    static String scalar(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "-";
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "yes" : "no";
        }
        if (v.isFloatingPointNumber()) {
            double d = v.asDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
        }
        String text = v.asText();
        if (INSTANT.matcher(text).matches()) {
            try {
                return LOCAL.format(Instant.parse(text).atZone(ZoneId.systemDefault()));
            } catch (DateTimeParseException e) {
                return text;
            }
        }
        return text;
    }

    static String percent(JsonNode v) {
        return scalar(v) + " %";
    }

    /** "lastContact" reads "last contact". */
    static String label(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    static String duration(long seconds) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        return d > 0 ? String.format("%dd %02dh %02dm", d, h, m) : h > 0 ? String.format("%dh %02dm %02ds", h, m, s)
                : m > 0 ? String.format("%dm %02ds", m, s) : s + "s";
    }

    private static void line(StringBuilder b, String text) {
        b.append(text).append(NL);
    }
}
