package org.streetnode.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed TOML file together with the line each key was written on.
 *
 * <p>Jackson parses the TOML (syntax errors carry its line numbers); its tree keeps no
 * positions, so a light scan of the text maps each dotted key path ({@code lwm2m.lifetime},
 * {@code sensor[1].address}) to its line for the messages of later checks. The scan only
 * attributes lines: it never decides what a value is.
 */
final class TomlSource {
    private static final TomlMapper MAPPER = new TomlMapper();
    private static final Pattern TABLE_ARRAY = Pattern.compile("^\\s*\\[\\[\\s*([^\\]]+?)\\s*]]");
    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\s*([^\\]]+?)\\s*]");
    private static final Pattern KEY = Pattern.compile("^\\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\\s*\\.\\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\\s*=");

    private final Path file;
    private final ObjectNode root;
    private final Map<String, Integer> lines;

    private TomlSource(Path file, ObjectNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /** Reads and parses {@code file}, or throws with the syntax error located. */
    static TomlSource read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, 0, "", "cannot read: " + describe(e))));
        }
        return parse(file, text);
    }

    static TomlSource parse(Path file, String text) throws ConfigException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(List.of(new ConfigProblem(file, Math.max(line, 0), "",
                    "not valid TOML: " + e.getOriginalMessage())));
        }
        ObjectNode root = tree instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        return new TomlSource(file, root, scanKeyLines(text));
    }

    Path file() {
        return file;
    }

    ObjectNode root() {
        return root;
    }

    /** The line {@code path} was written on, else the line of its closest written parent, else 0. */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }

    Optional<Integer> exactLineOf(String path) {
        return Optional.ofNullable(lines.get(path));
    }

    private static Map<String, Integer> scanKeyLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, Integer> arrayCounts = new HashMap<>();
        String table = "";
        boolean inMultiLineString = false;
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            int lineNo = i + 1;
            if (inMultiLineString) {
                if (countTripleQuotes(line) % 2 == 1) {
                    inMultiLineString = false;
                }
                continue;
            }
            Matcher m;
            if ((m = TABLE_ARRAY.matcher(line)).find()) {
                String name = normalise(m.group(1));
                int index = arrayCounts.merge(name, 1, Integer::sum) - 1;
                table = name + "[" + index + "]";
                lines.putIfAbsent(name, lineNo);
                lines.put(table, lineNo);
            } else if ((m = TABLE.matcher(line)).find()) {
                table = normalise(m.group(1));
                lines.putIfAbsent(table, lineNo);
            } else if ((m = KEY.matcher(line)).find()) {
                String key = normalise(m.group(1));
                lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, lineNo);
            }
            if (countTripleQuotes(line) % 2 == 1) {
                inMultiLineString = true;
            }
        }
        return lines;
    }

    private static int countTripleQuotes(String line) {
        int n = 0;
        for (int i = line.indexOf("\"\"\""); i >= 0; i = line.indexOf("\"\"\"", i + 3)) {
            n++;
        }
        for (int i = line.indexOf("'''"); i >= 0; i = line.indexOf("'''", i + 3)) {
            n++;
        }
        return n;
    }

    /** {@code a . "b" . c} -> {@code a.b.c}. */
    private static String normalise(String dotted) {
        StringBuilder out = new StringBuilder();
        for (String part : dotted.split("\\s*\\.\\s*(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)")) {
            String p = part.strip();
            if (p.length() >= 2 && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("'") && p.endsWith("'"))) {
                p = p.substring(1, p.length() - 1);
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(p);
        }
        return out.toString();
    }

    static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? type : e.getMessage();
        };
    }
}
