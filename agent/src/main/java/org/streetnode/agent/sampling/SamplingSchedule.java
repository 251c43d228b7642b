package org.streetnode.agent.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streetnode.agent.health.Backoff;
import org.streetnode.drivers.Measurement;

/**
 * When each sensor is read and how each is doing: a clock-free state machine (every method is
 * given "now"), so periods, timeouts, backoff and health are tested by stepping time, and the
 * threads that run it stay thin.
 *
 * <p>A good read schedules the next one a period after the previous schedule (a fixed rate that
 * skips what it missed). A failure retries after 5 s, doubling up to 15 min; after
 * {@link #FAILED_AFTER} failures in a row, or one read that hangs past the timeout, the sensor is
 * FAILED. A sensor whose device is unavailable (missing, unplugged) is FAILED at once and retried
 * after 5 s, doubling up to 1 min: opening a device node costs nothing, and a replugged device
 * should be read again within a minute. A sensor whose read hangs is never read again until that
 * read returns, and no other sensor ever waits for it.
 */
final class SamplingSchedule {
    static final int FAILED_AFTER = 3;
    /** Retries of a device that answers badly. */
    static final Backoff FAILING = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15));
    /** Retries of a device that is not there: each is an attempt to open it. */
    static final Backoff UNAVAILABLE = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));

    private final Duration timeout;
    private final Map<String, SensorState> sensors = new LinkedHashMap<>();

    /** One sensor to schedule. */
    record Entry(String id, String model, Duration period) {
    }

    /** What a finished read turned into. */
    sealed interface Outcome {
        /** Good readings to publish. */
        record Accepted(List<Measurement> measurements, Optional<Transition> transition) implements Outcome {
        }

        /** A failure (from the driver, or refused here as implausible or stuck). */
        record Rejected(String reason, Optional<Transition> transition) implements Outcome {
        }
    }

    /** A change of health worth telling (logging, faults). */
    record Transition(String sensorId, SensorHealth from, SensorHealth to, String reason) {
    }

    private static final class SensorState {
        final Entry entry;
        final StuckDetector stuck;
        SensorHealth health = SensorHealth.STARTING;
        Instant due;
        Instant inFlightSince;
        boolean reportedHung;
        int failures;
        String lastError;
        Instant lastErrorAt;
        Instant lastReadingAt;

        SensorState(Entry entry, int stuckSamples, Instant start) {
            this.entry = entry;
            this.stuck = new StuckDetector(stuckSamples);
            this.due = start;
        }
    }

    SamplingSchedule(List<Entry> entries, Duration timeout, int stuckSamples, Instant start) {
        this.timeout = timeout;
        for (Entry e : entries) {
            sensors.put(e.id(), new SensorState(e, stuckSamples, start));
        }
    }

    /** Sensors to read now: due, and not still busy with an earlier read. Marks them started. */
    synchronized List<String> startDue(Instant now) {
        List<String> due = new ArrayList<>();
        for (SensorState s : sensors.values()) {
            if (s.inFlightSince == null && !s.due.isAfter(now)) {
                s.inFlightSince = now;
                s.reportedHung = false;
                due.add(s.entry.id());
            }
        }
        return due;
    }

    /** Reads that have run past the timeout and were not reported yet: each marks its sensor FAILED once. */
    synchronized List<Transition> hung(Instant now) {
        List<Transition> hung = new ArrayList<>();
        for (SensorState s : sensors.values()) {
            if (s.inFlightSince != null && !s.reportedHung && Duration.between(s.inFlightSince, now).compareTo(timeout) > 0) {
                s.reportedHung = true;
                String reason = "read timed out after " + timeout.toMillis() + " ms: the device or its bus hangs";
                failure(s, now, reason);
                SensorHealth before = s.health;
                s.health = SensorHealth.FAILED;
                if (before != SensorHealth.FAILED) {
                    hung.add(new Transition(s.entry.id(), before, SensorHealth.FAILED, reason));
                }
            }
        }
        return hung;
    }

    /** A read returned good measurements; checks them for plausibility and a stuck sensor. */
    synchronized Outcome succeeded(String id, Instant now, List<Measurement> measurements) {
        SensorState s = state(id);
        for (Measurement m : measurements) {
            Optional<String> implausible = Plausibility.check(m);
            if (implausible.isPresent()) {
                return reject(s, now, implausible.get());
            }
        }
        Optional<String> stuck = s.stuck.observe(measurements);
        if (stuck.isPresent()) {
            return reject(s, now, stuck.get());
        }
        Instant scheduled = s.due;
        s.inFlightSince = null;
        s.failures = 0;
        s.lastReadingAt = now;
        Instant next = scheduled.plus(s.entry.period());
        s.due = next.isAfter(now) ? next : now.plus(s.entry.period());
        return new Outcome.Accepted(measurements, moveTo(s, SensorHealth.OK, "reading again"));
    }

    /** A read failed with the driver's reason. */
    synchronized Outcome failed(String id, Instant now, String reason) {
        return reject(state(id), now, reason);
    }

    /** The sensor's device is not there (it cannot be opened, or its port died): FAILED at once. */
    synchronized Outcome unavailable(String id, Instant now, String reason) {
        return reject(state(id), now, reason, true);
    }

    private Outcome reject(SensorState s, Instant now, String reason) {
        return reject(s, now, reason, false);
    }

    private Outcome reject(SensorState s, Instant now, String reason, boolean unavailable) {
        boolean wasHung = s.reportedHung;
        // Back off from when the read was due, so slow failures do not stretch the rhythm;
        // after a hang, from its return.
        Instant base = wasHung ? now : s.due;
        s.inFlightSince = null;
        if (!wasHung) {
            failure(s, now, reason);
        }
        s.stuck.reset();
        s.due = base.plus((unavailable ? UNAVAILABLE : FAILING).after(s.failures));
        SensorHealth to = s.failures >= FAILED_AFTER || wasHung || unavailable ? SensorHealth.FAILED : SensorHealth.DEGRADED;
        return new Outcome.Rejected(reason, moveTo(s, to, reason));
    }

    private static void failure(SensorState s, Instant now, String reason) {
        s.failures++;
        s.lastError = reason;
        s.lastErrorAt = now;
    }

    private static Optional<Transition> moveTo(SensorState s, SensorHealth to, String reason) {
        SensorHealth from = s.health;
        s.health = to;
        return from == to ? Optional.empty() : Optional.of(new Transition(s.entry.id(), from, to, reason));
    }

    /** The earliest moment something is due: a read to start, or an in-flight read's timeout. */
    synchronized Optional<Instant> nextWakeUp() {
        Instant earliest = null;
        for (SensorState s : sensors.values()) {
            Instant t = s.inFlightSince == null ? s.due : s.reportedHung ? null : s.inFlightSince.plus(timeout).plusMillis(1);
            if (t != null && (earliest == null || t.isBefore(earliest))) {
                earliest = t;
            }
        }
        return Optional.ofNullable(earliest);
    }

    synchronized List<SensorStatus> statuses() {
        return sensors.values().stream().map(s -> new SensorStatus(s.entry.id(), s.entry.model(), s.health,
                Optional.ofNullable(s.lastError), Optional.ofNullable(s.lastErrorAt), Optional.ofNullable(s.lastReadingAt),
                s.failures, s.inFlightSince == null ? Optional.of(s.due) : Optional.empty(), s.entry.period())).toList();
    }

    private SensorState state(String id) {
        SensorState s = sensors.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no sensor " + id);
        }
        return s;
    }
}
