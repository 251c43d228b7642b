package org.streetnode.agent.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lays out one {@code top} frame as screen lines. */
final class TopScreen {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private TopScreen() {
    }

    static List<String> lines(JsonNode f) {
        List<String> out = new ArrayList<>();
        out.add("streetnode top: " + f.path("endpoint").asText() + "  " + time(f.path("time")) + "  up "
                + TextView.duration(f.path("uptimeSeconds").asLong()) + "  lwm2m "
                + f.path("registration").asText().toLowerCase(Locale.ROOT) + "  faults " + f.path("faults").asInt()
                + "    (q quits)");
        out.add("");
        long window = (long) f.path("bucketSeconds").asInt() * 60;
        String lamp = f.path("lamp").isNull() ? "LAMP    not available in this build" : "LAMP    " + TextView.lampLine(f.path("lamp"));
        out.add(lamp);
        JsonNode power = f.path("lampPower");
        if (!power.isNull() && !power.isMissingNode()) {
            out.add(String.format("        power %8s %-4s %s", TextView.scalar(power.path("latest")), power.path("unit").asText(),
                    Sparkline.of(power.path("points"))));
        }
        out.add("");
        out.add(String.format("%-22s %10s %-6s %6s  last %d min", "SENSORS", "value", "unit", "age", window / 60));
        if (!f.path("sampling").asBoolean()) {
            out.add("        sampling is not available in this build: no readings");
        }
        Instant now = Instant.parse(f.path("time").asText());
        for (JsonNode s : f.path("sensors")) {
            long age = Math.max(0, now.getEpochSecond() - Instant.parse(s.path("at").asText()).getEpochSecond());
            out.add(String.format("%-22s %10s %-6s %6s  %s",
                    s.path("sensor").asText() + " " + s.path("quantity").asText().toLowerCase(Locale.ROOT).replace('_', ' '),
                    TextView.scalar(s.path("latest")), s.path("unit").asText(), TextView.duration(age), Sparkline.of(s.path("points"))));
        }
        for (JsonNode w : f.path("waiting")) {
            out.add(String.format("%-22s %10s", w.asText(), f.path("sampling").asBoolean() ? "no reading yet" : "-"));
        }
        List<String> missing = new ArrayList<>();
        f.path("notInThisBuild").forEach(n -> missing.add(n.asText()));
        if (!missing.isEmpty()) {
            out.add("");
            out.add("not in this build: " + String.join(", ", missing));
        }
        return out;
    }

    private static String time(JsonNode t) {
        return TIME.format(Instant.parse(t.asText()).atZone(ZoneId.systemDefault()));
    }
}
