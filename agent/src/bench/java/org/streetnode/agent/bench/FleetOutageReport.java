package org.streetnode.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outage figures of one fleet run, from the server's side ({@link FleetServer}'s per-second
 * CSV) and the fleet's ({@code streetnode fleet --json}'s summary): the return from the moment the
 * uplink came back until every node was registered again and every backlog replayed.
 *
 * <p>The return's window runs from the first registration after the restore to the last one;
 * its average rate is the registrations in it over its length. The goal: no second above twice
 * that average. Also printed: registrations per 30 s over the window, and when the server last
 * received a replayed reading (taken more than a minute before it arrived).
 *
 * <p>Arguments: SERVER.csv FLEET.jsonl LABEL. Prints one Markdown table row and the histogram.
 */
public final class FleetOutageReport {
    public static void main(String[] args) throws Exception {
        List<long[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0])).subList(1, Files.readAllLines(Path.of(args[0])).size())) {
            String[] f = line.split(",");
            long[] r = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                r[i] = Long.parseLong(f[i]);
            }
            rows.add(r);
        }
        JsonNode summary = null;
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (line.startsWith("{") && line.contains("\"type\":\"summary\"")) {
                summary = new ObjectMapper().readTree(line);
            }
        }
        if (summary == null || !summary.has("outage")) {
            throw new IllegalStateException(args[1] + " has no outage summary");
        }
        JsonNode outage = summary.get("outage");
        long restored = Instant.parse(outage.get("restored_at").asText()).getEpochSecond();
        long cut = Instant.parse(outage.get("cut_at").asText()).getEpochSecond();
        int nodes = summary.get("nodes").asInt();
        // columns: second, registrations, updates, deregistrations, sends, readings, replayed, notifications, registered
        long first = -1;
        long last = -1;
        long total = 0;
        long lastReplayed = -1;
        long replayedTotal = 0;
        for (long[] r : rows) {
            if (r[0] < restored) {
                continue;
            }
            if (r[1] > 0) {
                first = first < 0 ? r[0] : first;
                last = r[0];
                total += r[1];
            }
            if (r[6] > 0) {
                lastReplayed = r[0];
                replayedTotal += r[6];
            }
        }
        long window = last - first + 1;
        double average = total / (double) window;
        long peak = 0;
        long peakAt = 0;
        for (long[] r : rows) {
            if (r[0] >= first && r[0] <= last && r[1] > peak) {
                peak = r[1];
                peakAt = r[0];
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %d s | %d | %d s (%d to %d s after the return) | %.2f/s | %d/s (at +%d s) "
                + "| %.2f | %s s | %s s | %d s | %,d |%n", args[2], nodes, restored - cut, total, window, first - restored,
                last - restored, average, peak, peakAt - restored, peak / average,
                text(outage.get("registered_again_s")), text(outage.get("drained_s")), lastReplayed - restored, replayedTotal);
        StringBuilder hist = new StringBuilder("registrations per 30 s after the return:");
        for (long t = restored; t <= last; t += 30) {
            long n = 0;
            for (long[] r : rows) {
                if (r[0] >= t && r[0] < t + 30) {
                    n += r[1];
                }
            }
            hist.append(' ').append(n);
        }
        System.out.println(hist);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "-" : String.format(Locale.ROOT, "%.0f", n.asDouble());
    }
}
