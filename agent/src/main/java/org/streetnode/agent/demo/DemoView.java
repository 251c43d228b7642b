package org.streetnode.agent.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.Agent;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.reading.Reading;

/**
 * The demo's compact live view, one line per event, so it reads the same in a terminal, a log
 * file or a CI transcript: registration changes as they happen, what the platform reads from
 * the node, and a status line every few seconds.
 */
public final class DemoView {
    private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Agent agent;
    private final EmbeddedLwm2mServer server;
    private final String endpoint;
    private final PrintStream out;
    private final Clock clock;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lastSeq = new AtomicLong();

    public DemoView(Agent agent, EmbeddedLwm2mServer server, String endpoint, PrintStream out, Clock clock) {
        this.agent = agent;
        this.server = server;
        this.endpoint = endpoint;
        this.out = out;
        this.clock = clock;
        server.onReadings(list -> {
            received.addAndGet(list.size());
            list.forEach(r -> lastSeq.accumulateAndGet(r.seq(), Math::max));
        });
        server.onFaultEvents(list -> list.forEach(e -> line("platform got fault " + (e.raised() ? "raised" : "cleared")
                + " at " + LocalTime.ofInstant(e.timestamp(), ZoneId.systemDefault()).format(TIME) + ": " + e.source()
                + " (error code " + e.errorCode() + ") " + e.message())));
    }

    /** Runs until interrupted. */
    public void run() {
        RegistrationStatus.State shown = null;
        Instant nextStatus = clock.instant().plus(STATUS_EVERY);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                RegistrationStatus reg = agent.registration();
                if (reg.state() != shown) {
                    shown = reg.state();
                    line(describe(reg));
                    if (reg.registered()) {
                        readDevice();
                    }
                }
                if (!clock.instant().isBefore(nextStatus)) {
                    line(status(reg));
                    nextStatus = clock.instant().plus(STATUS_EVERY);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            // the demo is stopping
        }
    }

    private String describe(RegistrationStatus reg) {
        return switch (reg.state()) {
            case REGISTERED -> "registered with " + reg.server() + " as " + reg.registrationId().orElse("?");
            case RETRYING -> "not registered: " + reg.lastError().orElse("unknown error") + " (retrying)";
            case REGISTERING -> "registering with " + reg.server() + " ...";
            case BOOTSTRAPPING -> "bootstrapping ...";
            case STOPPED -> "stopped";
        };
    }

    /** Reads the Device object as the platform would, and shows what came back. */
    private void readDevice() throws InterruptedException {
        ReadResponse r = server.send(endpoint, new ReadRequest(3, 0), 5_000);
        if (r == null || !r.isSuccess() || !(r.getContent() instanceof LwM2mObjectInstance device)) {
            line("platform read /3/0 failed: " + (r == null ? "timeout" : r.getCode() + " " + r.getErrorMessage()));
            return;
        }
        line("platform read /3/0: " + value(device, 0) + " " + value(device, 1) + ", serial " + value(device, 2)
                + ", firmware " + value(device, 3) + ", error codes " + value(device, 11));
    }

    /** One line: every sensor's latest values, the lamp, registration and faults. */
    private String status(RegistrationStatus reg) {
        Map<String, List<Reading>> bySensor = new LinkedHashMap<>();
        agent.sensors().forEach(s -> bySensor.put(s.id(), new ArrayList<>()));
        agent.readings().latest().forEach(r -> bySensor.computeIfAbsent(r.sensorId(), k -> new ArrayList<>()).add(r));
        List<String> parts = new ArrayList<>();
        bySensor.forEach((id, rs) -> parts.add(id + " " + (rs.isEmpty() ? "-" : rs.stream()
                .sorted(Comparator.comparing(Reading::quantity))
                .map(r -> format(r.value()) + " " + r.unit()).collect(Collectors.joining(" ")))));
        agent.board().lamp().ifPresent(l -> parts.add("lamp " + format(l.level()) + " %"));
        parts.add(reg.registered() ? "registered" : reg.state().name().toLowerCase());
        parts.add("platform got " + received.get() + " readings by Send (up to seq " + lastSeq.get() + ")");
        parts.add("faults " + agent.health().faults().size());
        return String.join(" | ", parts);
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v);
    }

    private static String value(LwM2mObjectInstance instance, int resourceId) {
        LwM2mResource r = instance.getResource(resourceId);
        if (r == null) {
            return "-";
        }
        return r.isMultiInstances() ? r.getInstances().values().stream().map(i -> String.valueOf(i.getValue())).toList().toString()
                : String.valueOf(r.getValue());
    }

    private void line(String text) {
        out.println("[" + LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault()).format(TIME) + "] " + text);
        out.flush();
    }
}
