package org.streetnode.agent.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.streetnode.agent.Agent;
import org.streetnode.agent.lighting.LampControl.LampStatus;
import org.streetnode.agent.lighting.monitor.MonitorStatus;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.reading.Reading;

/**
 * The demo's compact live view, one line per event, so it reads the same in a terminal, a log
 * file or a CI transcript: registration changes as they happen, what the platform reads from
 * the node and when its first Send arrives, every change of the lamp's target or reason (and
 * the lamp reaching its target after a ramp), and a status line every few seconds of real time.
 * Each line starts with the node's time (the demo's fast clock) in the node's zone.
 */
public final class DemoView {
    private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Agent agent;
    private final EmbeddedLwm2mServer server;
    private final String endpoint;
    private final PrintStream out;
    private final Clock clock;
    private final ZoneId zone;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lastSeq = new AtomicLong();
    private final AtomicReference<Instant> newestTaken = new AtomicReference<>(Instant.MIN);
    /** The first Send, until the view has shown it. */
    private final AtomicReference<List<ReceivedReading>> firstSend = new AtomicReference<>();
    private final Queue<LampChange> lampChanges = new ConcurrentLinkedQueue<>();
    private LampStatus shownLamp;

    /** The lamp as the lighting thread reported it, and the node's time then. */
    private record LampChange(Instant at, LampStatus status) {
    }

    /**
     * Subscribes to the platform's Sends and the lamp's changes: build it before the agent starts.
     *
     * @param clock the node's clock (the demo's fast one): what the lines show
     * @param zone the node's zone, the one its lighting program is written in
     */
    public DemoView(Agent agent, EmbeddedLwm2mServer server, String endpoint, PrintStream out, Clock clock, ZoneId zone) {
        this.agent = agent;
        this.server = server;
        this.endpoint = endpoint;
        this.out = out;
        this.clock = clock;
        this.zone = zone;
        server.onReadings(list -> {
            received.addAndGet(list.size());
            list.forEach(r -> {
                lastSeq.accumulateAndGet(r.seq(), Math::max);
                newestTaken.accumulateAndGet(r.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
            });
            if (!list.isEmpty()) {
                firstSend.compareAndSet(null, list);
            }
        });
        // called on the lighting thread: only note it, the view prints
        agent.lighting().ifPresent(l -> l.onChange(s -> lampChanges.add(new LampChange(clock.instant(), s))));
        server.onFaultEvents(list -> list.forEach(e -> line("platform got fault " + (e.raised() ? "raised" : "cleared")
                + " at " + e.timestamp().atZone(zone).format(TIME) + ": " + e.source()
                + " (error code " + e.errorCode() + ") " + e.message())));
    }

    /** Runs until interrupted. */
    public void run() {
        RegistrationStatus.State shown = null;
        boolean firstSendShown = false;
        long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (LampChange c = lampChanges.poll(); c != null; c = lampChanges.poll()) {
                    lamp(c);
                }
                RegistrationStatus reg = agent.registration();
                if (reg.state() != shown) {
                    shown = reg.state();
                    line(describe(reg));
                    if (reg.registered()) {
                        readDevice();
                    }
                }
                List<ReceivedReading> first = firstSend.get();
                if (!firstSendShown && first != null) {
                    firstSendShown = true;
                    line(describeFirstSend(first));
                }
                if (System.nanoTime() - nextStatus >= 0) {
                    line(status(reg));
                    nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            // the demo is stopping
        }
    }

    /** A new target or reason, or the target reached after a ramp; not every step of a ramp. */
    private void lamp(LampChange c) {
        LampStatus s = c.status();
        LampStatus before = shownLamp;
        shownLamp = s;
        if (before == null || s.target() != before.target() || !s.reason().equals(before.reason())) {
            line(c.at(), "lamp " + (s.level() == s.target() ? "at " : "to ") + percent(s.target()) + ": " + s.reason()
                    + (s.level() == s.target() ? "" : ", ramping from " + percent(s.level())));
        } else if (s.level() == s.target() && before.level() != before.target()) {
            line(c.at(), "lamp at " + percent(s.target()));
        }
    }

    /** Shows that the platform gets the node's (simulated) times: when the readings of its first Send were taken. */
    private String describeFirstSend(List<ReceivedReading> readings) {
        Instant oldest = readings.stream().map(ReceivedReading::timestamp).min(Comparator.naturalOrder()).orElseThrow();
        Instant newest = readings.stream().map(ReceivedReading::timestamp).max(Comparator.naturalOrder()).orElseThrow();
        long unsynchronised = readings.stream().filter(ReceivedReading::unsynchronised).count();
        return "platform received its first Send: " + readings.size() + " readings taken "
                + oldest.atZone(zone).format(DAY_AND_TIME)
                + " to " + newest.atZone(zone).format(TIME)
                + (unsynchronised == 0 ? ", clock synchronised" : ", " + unsynchronised + " before the clock was synchronised");
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
        agent.lighting().ifPresent(l -> {
            LampStatus lamp = l.status();
            parts.add("lamp " + percent(lamp.level()) + " (" + lamp.reason() + ")");
            MonitorStatus monitor = l.monitor();
            if (monitor.metered()) {
                parts.add(String.format(Locale.ROOT, "energy %.3f kWh", monitor.energyKWh()));
            }
        });
        parts.add(reg.registered() ? "registered" : reg.state().name().toLowerCase(Locale.ROOT));
        Instant newest = newestTaken.get();
        parts.add("platform got " + received.get() + " readings by Send (up to seq " + lastSeq.get()
                + (newest.equals(Instant.MIN) ? "" : ", newest taken " + newest.atZone(zone).format(TIME)) + ")");
        parts.add("faults " + agent.health().faults().size());
        return String.join(" | ", parts);
    }

    private static String percent(double level) {
        return format(level) + " %";
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
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
        line(clock.instant(), text);
    }

    private void line(Instant at, String text) {
        out.println("[" + at.atZone(zone).format(TIME) + "] " + text);
        out.flush();
    }
}
