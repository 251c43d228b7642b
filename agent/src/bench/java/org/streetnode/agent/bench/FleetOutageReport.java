package org.streetnode.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The outage figures of one fleet run, from the server's side ({@link FleetServer}'s per-second
 * CSV) and the fleet's ({@code streetnode fleet --json}'s summary): the return from the moment the
 * uplink came back until every node was registered again and every backlog replayed.
 *
 * <p>The return's window runs from the first registration after the restore to the last one;
 * its average rate is the registrations in it over its length. The goal: no second above twice
 * that average. Also printed: the peak and average over 10 s, the peak second of Sends and of
 * replayed readings (taken more than a minute before they arrived) after the return, when the
 * server last received a replayed reading, and registrations per 30 s over the window; beside
 * them what ideal jitter would give: as many returns at independent uniform random seconds of the
 * same window peak above their average by chance alone, the more the longer the window.
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
        // the same over 10 s: with independent random returns a single second peaks above the
        // average by chance alone (the more, the longer the window); ten seconds smooth that
        long peak10 = 0;
        for (long t = first; t <= last; t += 10) {
            long n = 0;
            for (long[] r : rows) {
                if (r[0] >= t && r[0] < Math.min(t + 10, last + 1)) {
                    n += r[1];
                }
            }
            peak10 = Math.max(peak10, n);
        }
        System.out.printf(Locale.ROOT, "registrations per 10 s over the window: peak %d, average %.1f (%.2f)%n", peak10,
                average * 10, peak10 / (average * 10));
        System.out.printf(Locale.ROOT, "the same %d registrations at independent uniform random seconds of the same window "
                + "(201 draws): median peak / average %.2f%n", total, uniformPeakRatio(total, (int) window));
        long[] replayPeak = {0, 0};
        long[] sendPeak = {0, 0};
        for (long[] r : rows) {
            if (r[0] >= restored && r[6] > replayPeak[1]) {
                replayPeak[0] = r[0] - restored;
                replayPeak[1] = r[6];
            }
            if (r[0] >= restored && r[4] > sendPeak[1]) {
                sendPeak[0] = r[0] - restored;
                sendPeak[1] = r[4];
            }
        }
        System.out.printf(Locale.ROOT, "after the return: peak %d Sends/s (at +%d s), peak %d replayed readings/s (at +%d s)%n",
                sendPeak[1], sendPeak[0], replayPeak[1], replayPeak[0]);
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

    /**
     * What ideal jitter would give: {@code count} returns each at a uniform random second of
     * {@code seconds}; the median over 201 draws of the busiest second over the average.
     */
    static double uniformPeakRatio(long count, int seconds) {
        SplittableRandom random = new SplittableRandom(1);
        double[] ratios = new double[201];
        for (int d = 0; d < ratios.length; d++) {
            int[] bins = new int[seconds];
            for (long i = 0; i < count; i++) {
                bins[random.nextInt(seconds)]++;
            }
            ratios[d] = Arrays.stream(bins).max().orElse(0) / (count / (double) seconds);
        }
        Arrays.sort(ratios);
        return ratios[ratios.length / 2];
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "-" : String.format(Locale.ROOT, "%.0f", n.asDouble());
    }
}
