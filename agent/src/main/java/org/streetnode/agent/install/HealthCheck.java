package org.streetnode.agent.install;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.client.AgentQuery;
import org.tinylog.Logger;

/**
 * Whether a freshly installed version proves itself: the helper asks the running agent over its
 * shell socket (as root, the operator role), never a file the agent wrote, every 5 s. Proven when two
 * answers from one run of the agent (the same start time), at least {@link #SPAN} apart, both
 * name the expected version and a registration with the LwM2M server, and every loop the agent
 * reports (lighting, sampling) made progress between them. A crash-looping agent never gives two
 * answers from one run; one that hangs a loop never shows progress; one that cannot reach its
 * server never says registered.
 */
final class HealthCheck {
    /** The answers that prove a run must be at least this far apart (the watchdog looks every 10 s). */
    static final Duration SPAN = Duration.ofSeconds(10);
    /** Each question is a line in the agent's log (the shell logs every command): not more often than needed. */
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    /** One answer to {@code status}. */
    record Sample(long atNanos, String version, String startedAt, boolean registered, String registration,
            Map<String, Long> loops) {
        static Sample of(long atNanos, JsonNode status) {
            Map<String, Long> loops = new LinkedHashMap<>();
            status.path("loops").properties().forEach(e -> loops.put(e.getKey(), e.getValue().asLong()));
            JsonNode reg = status.path("registration");
            String state = reg.path("state").asText("unknown");
            String error = reg.path("lastError").isTextual() ? ", last error: " + reg.path("lastError").asText() : "";
            return new Sample(atNanos, status.path("version").asText(""), status.path("startedAt").asText(""),
                    state.equals("REGISTERED"), state.toLowerCase(java.util.Locale.ROOT) + error, loops);
        }
    }

    /**
     * What {@code later} still lacks to prove {@code version} after {@code earlier} (empty:
     * proven). {@code earlier} must be empty or an answer that named the version, registered.
     */
    static Optional<String> lacking(String version, Optional<Sample> earlier, Sample later) {
        if (!later.version().equals(version)) {
            return Optional.of("the agent runs " + (later.version().isEmpty() ? "an unknown version" : later.version())
                    + ", not " + version);
        }
        if (!later.registered()) {
            return Optional.of("not registered with its LwM2M server (" + later.registration() + ")");
        }
        if (later.loops().isEmpty()) {
            return Optional.of("it reports no loops to judge");
        }
        if (earlier.isEmpty() || !earlier.get().startedAt().equals(later.startedAt())) {
            return Optional.of("registered; watching its loops");
        }
        if (later.atNanos() - earlier.get().atNanos() < SPAN.toNanos()) {
            return Optional.of("registered; watching its loops");
        }
        for (Map.Entry<String, Long> loop : earlier.get().loops().entrySet()) {
            long now = later.loops().getOrDefault(loop.getKey(), -1L);
            if (now <= loop.getValue()) {
                return Optional.of("the " + loop.getKey() + " loop made no progress in "
                        + Duration.ofNanos(later.atNanos() - earlier.get().atNanos()).toSeconds() + " s");
            }
        }
        return Optional.empty();
    }

    private final Path socket;

    HealthCheck(Path socket) {
        this.socket = socket;
    }

    /** Asks until {@code version} proves itself or {@code timeout} passes; empty when proven, else the last thing it lacked. */
    Optional<String> await(String version, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Optional<Sample> baseline = Optional.empty();
        String lacking = "it never answered on " + socket;
        String logged = "";
        while (System.nanoTime() < deadline) {
            try {
                Sample s = Sample.of(System.nanoTime(), AgentQuery.ask(socket, Command.STATUS, ASK_TIMEOUT));
                Optional<String> missing = lacking(version, baseline, s);
                if (missing.isEmpty()) {
                    return Optional.empty();
                }
                lacking = missing.get();
                boolean sameRun = baseline.isPresent() && baseline.get().startedAt().equals(s.startedAt());
                if (s.version().equals(version) && s.registered() && !s.loops().isEmpty()
                        && (!sameRun || s.atNanos() - baseline.get().atNanos() >= SPAN.toNanos())) {
                    baseline = Optional.of(s); // a new run, or the next span to judge
                } else if (!s.registered() || !s.version().equals(version)) {
                    baseline = Optional.empty();
                }
            } catch (AgentQuery.Unanswered e) {
                lacking = "it does not answer on its shell socket (" + e.getMessage() + ")";
                baseline = Optional.empty();
            }
            if (!lacking.equals(logged)) {
                Logger.info("install: {} after {} s: {}", version, Duration.ofNanos(System.nanoTime() - start).toSeconds(), lacking);
                logged = lacking;
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.of(lacking);
    }
}
