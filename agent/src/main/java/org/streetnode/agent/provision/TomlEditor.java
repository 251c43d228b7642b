package org.streetnode.agent.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Edits a TOML config as text, so everything the technician or the package wrote stays as it
 * was (comments, order, other keys); only the keys set or removed change. Handles what the
 * config uses: {@code [table]} headers and {@code key = value} lines.
 */
final class TomlEditor {
    private final List<String> lines;

    TomlEditor(String text) {
        this.lines = new ArrayList<>(text.lines().toList());
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    /** Sets {@code key} in {@code [table]}, adding the key (or the table, at the end) where missing. */
    TomlEditor set(String table, String key, String literal) {
        String line = key + " = " + literal;
        Optional<int[]> section = section(table);
        if (section.isEmpty()) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                lines.add("");
            }
            lines.add("[" + table + "]");
            lines.add(line);
            return this;
        }
        int[] s = section.get();
        int lastKey = s[0];
        for (int i = s[0] + 1; i < s[1]; i++) {
            if (isKey(lines.get(i), key)) {
                lines.set(i, line);
                return this;
            }
            if (lines.get(i).contains("=") && !lines.get(i).strip().startsWith("#")) {
                lastKey = i;
            }
        }
        lines.add(lastKey + 1, line);
        return this;
    }

    /** Removes {@code key} from {@code [table]} if it is there. */
    TomlEditor remove(String table, String key) {
        section(table).ifPresent(s -> {
            for (int i = s[0] + 1; i < s[1]; i++) {
                if (isKey(lines.get(i), key)) {
                    lines.remove(i);
                    return;
                }
            }
        });
        return this;
    }

    /** Removes {@code [table]} and its sub-tables ({@code [table.x]}), with their keys. */
    TomlEditor removeTable(String table) {
        for (int i = 0; i < lines.size(); i++) {
            String name = header(lines.get(i));
            if (name != null && (name.equals(table) || name.startsWith(table + "."))) {
                int end = i + 1;
                while (end < lines.size() && header(lines.get(end)) == null) {
                    end++;
                }
                lines.subList(i, end).clear();
                i--;
            }
        }
        return this;
    }

    /** [header line, end (exclusive)] of the table, if present. */
    private Optional<int[]> section(String table) {
        for (int i = 0; i < lines.size(); i++) {
            if (table.equals(header(lines.get(i)))) {
                int end = i + 1;
                while (end < lines.size() && header(lines.get(end)) == null) {
                    end++;
                }
                // keep a table's trailing comments and blank lines with the next table
                while (end > i + 1 && (lines.get(end - 1).isBlank() || lines.get(end - 1).strip().startsWith("#"))) {
                    end--;
                }
                return Optional.of(new int[] {i, end});
            }
        }
        return Optional.empty();
    }

    /** The table a header line opens, or null when the line is no header. */
    private static String header(String line) {
        String s = line.strip();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash).strip();
        }
        if (s.startsWith("[") && !s.startsWith("[[") && s.endsWith("]")) {
            return s.substring(1, s.length() - 1).strip();
        }
        return null;
    }

    private static boolean isKey(String line, String key) {
        String s = line.strip();
        return s.startsWith(key) && s.substring(key.length()).stripLeading().startsWith("=");
    }

    /** A TOML basic string. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
