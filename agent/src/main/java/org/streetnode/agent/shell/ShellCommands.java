package org.streetnode.agent.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.streetnode.agent.config.EffectiveConfig;
import org.streetnode.agent.config.SensorSpec;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.logging.RecentLog;
import org.streetnode.agent.units.Units;

/**
 * Carries out each {@link Command} against the parts the composition root registered. Answers
 * only with what the parts say; a part that is not there is reported as such, never filled in.
 */
final class ShellCommands {
    static final int DEFAULT_LOG_LINES = 20;

    private final ShellParts parts;
    private final Clock clock;
    private final Duration maxLampOverride;

    ShellCommands(ShellParts parts, Clock clock, Duration maxLampOverride) {
        this.parts = parts;
        this.clock = clock;
        this.maxLampOverride = maxLampOverride;
    }

    /** Runs a one-answer command; {@link Command#TOP} is {@link #top()}. */
    Object run(ShellRequest request, Caller caller) throws ProtocolException, InterruptedException {
        return switch (request.command()) {
            case STATUS -> status();
            case SENSORS -> topic(Topic.SENSORS);
            case LAMP -> lamp();
            case LAMP_SET -> lampSet(request.args(), caller);
            case LAMP_CLEAR -> lampClear();
            case BUFFER -> topic(Topic.BUFFER);
            case NET -> topic(Topic.NET);
            case LWM2M -> topic(Topic.LWM2M);
            case UPDATE -> topic(Topic.UPDATE);
            case LOG -> log(request.args());
            case SELFTEST -> throw selfTestElsewhere();
            case CONFIG -> config();
            case TOP -> top();
        };
    }

    StatusView status() {
        Instant now = clock.instant();
        Instant started = parts.startedAt().get();
        var board = parts.config().board();
        return new StatusView(parts.version(), parts.config().node().endpoint(),
                new StatusView.Board(board.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                        board.source(), parts.identity().manufacturer(), parts.identity().model(), parts.identity().serial()),
                started, Math.max(0, Duration.between(started, now).toSeconds()), now,
                parts.clockSync().map(BooleanSupplier::getAsBoolean),
                parts.registration().get(), parts.health().faults(), parts.lamp().map(LampControl::status),
                parts.snapshot(Topic.SENSORS), parts.snapshot(Topic.BUFFER), loops(), notInThisBuild());
    }

    private Map<String, Long> loops() {
        Map<String, Long> rounds = new java.util.LinkedHashMap<>();
        parts.loops().forEach(l -> rounds.put(l.name(), l.progress().getAsLong()));
        return rounds;
    }

    /** The areas this build cannot show, in words a crew reads. */
    List<String> notInThisBuild() {
        List<String> missing = new ArrayList<>();
        for (Topic t : Topic.values()) {
            if (!parts.topics().containsKey(t)) {
                missing.add(t.word());
            }
        }
        if (parts.lamp().isEmpty()) {
            missing.add("lamp control");
        }
        missing.add("selftest");
        return missing;
    }

    private Object topic(Topic topic) throws ProtocolException {
        return parts.snapshot(topic).orElseThrow(() -> unavailable(topic.word()));
    }

    /** {@code lamp}: the control's status and, when the lamp monitor is there, power, hours and failures. */
    record LampView(LampControl.LampStatus status, Optional<Object> monitor) {
    }

    private LampView lamp() throws ProtocolException {
        LampControl control = parts.lamp().orElseThrow(() -> unavailable("lamp"));
        return new LampView(control.status(), parts.snapshot(Topic.LAMP_MONITOR));
    }

    private LampView lampSet(ObjectNode args, Caller caller) throws ProtocolException {
        LampControl control = parts.lamp().orElseThrow(() -> unavailable("lamp"));
        JsonNode level = args.get("level");
        if (level == null || !level.isNumber()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "lamp.set needs \"level\", a number from 0 to 100");
        }
        JsonNode span = args.get("for");
        if (span == null || !span.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID, "a maintenance override needs an end: --for DURATION "
                    + "(e.g. 15m, at most " + Units.formatDuration(maxLampOverride) + "); only the platform may set one until cancelled");
        }
        Duration d = Units.parseDuration(span.textValue()).orElseThrow(() -> new ProtocolException(ErrorCode.INVALID,
                "not a duration: \"" + span.textValue() + "\" (write e.g. 90s, 15m, 2h)"));
        if (d.isZero() || d.compareTo(maxLampOverride) > 0) {
            throw new ProtocolException(ErrorCode.INVALID, "--for must be more than 0 and at most "
                    + Units.formatDuration(maxLampOverride) + " ([shell] max_lamp_override)");
        }
        double l = level.doubleValue();
        if (!(l >= 0 && l <= 100)) {
            throw new ProtocolException(ErrorCode.INVALID, "level must be from 0 to 100 (%), not " + level.asText());
        }
        try {
            control.override(new LampControl.LampOverride(l, Optional.of(clock.instant().plus(d)),
                    LampControl.LampOverride.Source.MAINTENANCE, caller.who()));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.INVALID, e.getMessage());
        }
        return new LampView(control.status(), parts.snapshot(Topic.LAMP_MONITOR));
    }

    private LampView lampClear() throws ProtocolException {
        LampControl control = parts.lamp().orElseThrow(() -> unavailable("lamp"));
        control.cancelOverride(LampControl.LampOverride.Source.MAINTENANCE);
        return new LampView(control.status(), parts.snapshot(Topic.LAMP_MONITOR));
    }

    /** {@code log}: the last lines of the in-memory ring. */
    record LogView(int capacity, List<RecentLog.LogLine> lines) {
    }

    private LogView log(ObjectNode args) throws ProtocolException {
        RecentLog ring = parts.log();
        JsonNode n = args.get("n");
        int lines = DEFAULT_LOG_LINES;
        if (n != null) {
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1) {
                throw new ProtocolException(ErrorCode.INVALID, "-n must be a whole number of lines, 1 or more");
            }
            lines = Math.min(n.intValue(), ring.capacity());
        }
        return new LogView(ring.capacity(), ring.last(lines));
    }

    /** The hardware test would fight the agent's own lighting and sampling over the lamp and the bus. */
    private static ProtocolException selfTestElsewhere() {
        return new ProtocolException(ErrorCode.UNAVAILABLE,
                "selftest: not run by the agent (the hardware test would fight its own lighting and sampling over the lamp "
                        + "and the bus): run sudo streetnode selftest, which reports the rest with the agent running");
    }

    /** {@code config}: the effective configuration, secrets never shown (they are only described). */
    record ConfigView(String file, String board, Map<String, String> values, Map<String, String> boardValues, String text) {
    }

    private ConfigView config() {
        var c = parts.config();
        return new ConfigView(c.file().toString(), c.board().source(), new java.util.TreeMap<>(c.effective()),
                new java.util.TreeMap<>(c.boardEffective()), EffectiveConfig.render(c));
    }

    TopFrame top() {
        Instant now = clock.instant();
        Optional<String> powerSensor = parts.config().board().lamp().flatMap(l -> l.powerSensor());
        List<Trends.Series> all = parts.trends().map(Trends::snapshot).orElse(List.of());
        Optional<Trends.Series> lampPower = powerSensor.flatMap(id -> all.stream()
                .filter(s -> s.sensor().equals(id) && s.quantity() == org.streetnode.drivers.Quantity.POWER).findFirst());
        List<Trends.Series> sensors = all.stream().filter(s -> powerSensor.map(id -> !id.equals(s.sensor())).orElse(true)).toList();
        List<String> waiting = new ArrayList<>();
        for (SensorSpec spec : parts.config().board().sensors()) {
            boolean seen = all.stream().anyMatch(s -> s.sensor().equals(spec.id()));
            if (!seen && !powerSensor.equals(Optional.of(spec.id()))) {
                waiting.add(spec.id());
            }
        }
        return new TopFrame(now, parts.config().node().endpoint(),
                Math.max(0, Duration.between(parts.startedAt().get(), now).toSeconds()), parts.registration().get().state(),
                parts.health().faults().size(), parts.lamp().map(LampControl::status), lampPower, sensors, waiting,
                parts.trends().isPresent(), Trends.BUCKET_SECONDS, notInThisBuild());
    }

    static ProtocolException unavailable(String what) {
        return new ProtocolException(ErrorCode.UNAVAILABLE, what + ": not available in this build");
    }
}
