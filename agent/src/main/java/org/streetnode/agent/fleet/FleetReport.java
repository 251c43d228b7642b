package org.streetnode.agent.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the fleet prints: a progress line now and then, an event when the fleet gets somewhere,
 * and the summary; as text for people or, with {@code --json}, one JSON object a line for scripts
 * ({@code "type"}: {@code progress}, {@code event} or {@code summary}).
 */
public final class FleetReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;
    private final boolean json;

    public FleetReport(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void progress(Duration at, FleetCounts c, boolean uplinkCut, int restarts) {
        if (json) {
            Map<String, Object> line = line("progress", at);
            line.put("nodes", c.nodes());
            line.put("running", c.running());
            line.put("registered", c.registered());
            line.put("sending", c.sending());
            line.put("drained", c.drained());
            line.put("backlog", c.backlog());
            line.put("delivered", c.delivered());
            line.put("failed_sends", c.failedSends());
            line.put("delivery", c.delivery());
            line.put("uplink", uplinkCut ? "cut" : "up");
            line.put("restarts", restarts);
            print(line);
        } else {
            out.printf(Locale.ROOT, "%6ds  registered %d/%d  sending %d  backlog %,d readings  delivered %,d  "
                    + "failed Sends %,d%s%s%n", at.toSeconds(), c.registered(), c.nodes(), c.sending(), c.backlog(),
                    c.delivered(), c.failedSends(), uplinkCut ? "  UPLINK CUT" : "",
                    restarts > 0 ? "  restarts " + restarts : "");
        }
    }

    void event(Duration at, String what) {
        if (json) {
            Map<String, Object> line = line("event", at);
            line.put("event", what);
            print(line);
        } else {
            out.printf(Locale.ROOT, "%6ds  %s%n", at.toSeconds(), what);
        }
    }

    public void summary(FleetSummary s) {
        if (json) {
            Map<String, Object> line = line("summary", s.ran());
            line.put("scenario", s.scenario());
            line.put("nodes", s.nodes());
            line.put("first_index", s.firstIndex());
            line.put("all_registered_s", s.allRegistered().map(FleetReport::seconds).orElse(null));
            line.put("registrations", s.registrations());
            line.put("restarts", s.restarts());
            line.put("start_errors", s.startErrors());
            line.put("registered", s.last().registered());
            line.put("backlog", s.last().backlog());
            line.put("delivered", s.last().delivered());
            line.put("failed_sends", s.last().failedSends());
            s.outage().ifPresent(o -> {
                Map<String, Object> outage = new LinkedHashMap<>();
                outage.put("cut_at", o.cutAt().toString());
                outage.put("restored_at", o.restoredAt().toString());
                outage.put("registered_again_s", o.registeredAgain().map(FleetReport::seconds).orElse(null));
                outage.put("drained_s", o.drained().map(FleetReport::seconds).orElse(null));
                outage.put("peak_registrations_per_s", o.peak());
                outage.put("average_registrations_per_s", o.average());
                outage.put("registrations_per_s", o.perSecond());
                line.put("outage", outage);
            });
            print(line);
            return;
        }
        out.printf(Locale.ROOT, "%nfleet %s: %d nodes (from index %d) for %d s%n", s.scenario(), s.nodes(), s.firstIndex(),
                s.ran().toSeconds());
        out.printf(Locale.ROOT, "  every node registered: %s%n",
                s.allRegistered().map(d -> "after " + seconds(d) + " s").orElse("no (" + s.last().registered() + " are)"));
        out.printf(Locale.ROOT, "  registrations %,d, restarts %d, readings delivered %,d, failed Sends %,d, backlog at the "
                + "end %,d%n", s.registrations(), s.restarts(), s.last().delivered(), s.last().failedSends(), s.last().backlog());
        s.outage().ifPresent(o -> {
            out.printf(Locale.ROOT, "  outage from %s to %s%n", o.cutAt(), o.restoredAt());
            out.printf(Locale.ROOT, "  after the return: every node registered again %s, every backlog replayed %s%n",
                    o.registeredAgain().map(d -> "after " + seconds(d) + " s").orElse("not yet"),
                    o.drained().map(d -> "after " + seconds(d) + " s").orElse("not yet"));
            out.printf(Locale.ROOT, "  registrations per second over the return: peak %d, average %.1f%n", o.peak(),
                    o.average());
        });
        s.startErrors().forEach(e -> out.println("  did not start: " + e));
    }

    private static Map<String, Object> line(String type, Duration at) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", type);
        line.put("t_s", seconds(at));
        return line;
    }

    private void print(Map<String, Object> line) {
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
