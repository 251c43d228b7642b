package org.streetnode.agent.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.streetnode.agent.config.DeliverySettings;
import org.streetnode.agent.health.FaultEvent;
import org.streetnode.agent.reading.Reading;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.ReadingStore;
import org.streetnode.agent.store.StoredRecord;
import org.tinylog.Logger;

/**
 * Moves committed readings from the store to the platform, at least once and oldest first, one
 * batch in flight at a time. A step machine: {@link #tick()} does what is due and says when it
 * wants to run again; {@link DeliveryService} runs it on its own thread, tests run it on a test
 * clock.
 *
 * <p>Three lanes. Fault events (the store's {@link Priority#ALARM} records) go first, whenever
 * they were committed: an alarm raised during an outage reaches the platform as soon as it is
 * back, ahead of the outage's backlog. When the uplink comes up, every other record committed so
 * far is the backlog; what is committed after is live. Alarm and live batches are not
 * rate-limited (they are today's traffic). The backlog starts after a random delay of up to
 * {@code maxReplayStartDelay} and is held to the replay rates. A batch is deleted from the
 * store only once acknowledged; a failed Send is retried with exponential backoff and jitter; a
 * batch rejected as malformed moves to the store's rejected table and is not retried.
 *
 * <p>While the store cannot be written, readings wait in its memory, and go from there: those
 * taken since the uplink came up in the live lane (after what was committed before), those taken
 * before it as backlog (after the committed backlog), numbered in the store's memory epoch;
 * alarms among them go first. A batch sent from memory is sent again, as it is, before anything
 * else until its outcome is known.
 */
public final class DeliveryEngine {
    /**
     * How long tick() may sleep with nothing to do. Everything that gives it work wakes it: a
     * commit, a reading kept in memory, a Send's outcome, the uplink's changes; what is due at a
     * time (a Send's timeout, a retry, the replay's pace) it returns itself. So this is only a
     * safety net, long enough that an idle node's delivery thread hardly ever wakes.
     */
    static final Duration IDLE = Duration.ofSeconds(30);
    private static final Duration DRAIN_WINDOW = Duration.ofMinutes(1);

    private record InFlight(Batch batch, boolean fromMemory, long generation, Instant sentAt) {}

    private record Completion(long generation, SendOutcome outcome) {}

    private record Delivered(Instant at, int readings) {}

    private final ReadingStore store;
    private final BatchSender sender;
    private final UplinkState uplink;
    private final DeliverySettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final Backoff backoff;
    private final TokenBucket replayReadings;
    private final TokenBucket replayBytes;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final AtomicLong notStored = new AtomicLong();
    private volatile Runnable wakeUp = () -> {};

    // confined to the engine thread (tick), read under this lock by metrics()
    private long epoch;
    private boolean connected;
    private long alarmCursor;
    private long liveFloor;
    private long liveCursor;
    private long backlogCursor;
    /** Readings waiting in memory that were taken up to here (a {@code lastTaken}) are backlog. */
    private long memoryFloor;
    private Instant replayNotBefore = Instant.MIN;
    private Instant nextAttemptAt = Instant.MIN;
    private int failures;
    private long generation;
    private Optional<InFlight> inFlight = Optional.empty();
    private Optional<Instant> lastDelivery = Optional.empty();
    private final ArrayDeque<Delivered> recent = new ArrayDeque<>();
    private long delivered;
    private long quarantinedBatches;
    private long failedSends;

    public DeliveryEngine(ReadingStore store, BatchSender sender, UplinkState uplink, DeliverySettings settings,
            Clock clock, RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.uplink = Objects.requireNonNull(uplink, "uplink");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
        Instant now = clock.instant();
        double readingBurst = Math.max(1, Math.min(settings.maxBatchReadings(), settings.replayReadingsPerSecond()));
        this.replayReadings = new TokenBucket(settings.replayReadingsPerSecond(), readingBurst, now);
        double byteBurst = Math.max(WireSize.of(1), settings.replayBytesPerSecond());
        this.replayBytes = new TokenBucket(settings.replayBytesPerSecond(), byteBurst, now);
        this.epoch = store.epoch();
    }

    /**
     * Where the sampler hands readings over (any thread, never blocks on I/O). Readings taken
     * while not registered are not kept when the server's Notification Storing is false;
     * otherwise they go to the store, to be sent live or from the backlog.
     */
    public void offer(Reading reading, Priority priority) {
        if (!uplink.registered() && !uplink.notificationStoring()) {
            notStored.incrementAndGet();
            return;
        }
        store.append(reading, priority);
    }

    /**
     * Where a fault raised or cleared is handed over (any thread, never blocks on I/O): kept as
     * the store's fault history under the same rule as readings (not while unregistered when
     * Notification Storing is false).
     *
     * @param clockSynchronised whether the wall clock was synchronised when the fault changed
     */
    public void offer(FaultEvent event, boolean clockSynchronised) {
        if (!uplink.registered() && !uplink.notificationStoring()) {
            notStored.incrementAndGet();
            return;
        }
        store.append(event, clockSynchronised);
    }

    /** Called whenever a Send completes, so a runner can tick again at once. */
    void onWakeUp(Runnable r) {
        wakeUp = Objects.requireNonNull(r);
    }

    /** Does what is due now; returns how long until it wants to run again. */
    public synchronized Duration tick() {
        Instant now = clock.instant();
        processCompletions(now);
        expireInFlight(now);
        followEpoch();
        if (!uplink.canSend()) {
            connected = false;
            return IDLE;
        }
        if (!connected) {
            connect(now);
        }
        if (inFlight.isPresent()) {
            return until(inFlight.get().sentAt().plus(settings.sendTimeout()), now);
        }
        if (now.isBefore(nextAttemptAt)) {
            return until(nextAttemptAt, now);
        }
        List<StoredRecord> again = store.memoryInFlight();
        if (!again.isEmpty()) {
            send(new Batch(store.memoryEpoch(), Lane.LIVE, again), true, now);
            return IDLE;
        }
        // what is committed from here on waits for the next tick, where alarms among it go first
        long committed = store.lastSeq();
        List<StoredRecord> alarms = consecutive(store.readAlarms(alarmCursor, committed, settings.maxBatchReadings()));
        if (!alarms.isEmpty()) {
            send(new Batch(epoch, Lane.ALARM, alarms), false, now);
            return IDLE;
        }
        List<StoredRecord> alarmsInMemory = store.takeAlarmsFromMemory(settings.maxBatchReadings());
        if (!alarmsInMemory.isEmpty()) {
            send(new Batch(store.memoryEpoch(), Lane.ALARM, alarmsInMemory), true, now);
            return IDLE;
        }
        List<StoredRecord> live = store.read(liveCursor, committed, settings.maxBatchReadings());
        if (!live.isEmpty()) {
            send(new Batch(epoch, Lane.LIVE, live), false, now);
            return IDLE;
        }
        List<StoredRecord> liveInMemory = store.takeFromMemory(settings.maxBatchReadings(), memoryFloor);
        if (!liveInMemory.isEmpty()) {
            send(new Batch(store.memoryEpoch(), Lane.LIVE, liveInMemory), true, now);
            return IDLE;
        }
        return replay(now);
    }

    /** The committed backlog, then, while the store cannot be written, what waits in memory since before. */
    private Duration replay(Instant now) {
        boolean committed = backlogCursor < liveFloor;
        if (!committed && store.writable()) {
            return IDLE;
        }
        if (now.isBefore(replayNotBefore)) {
            return until(replayNotBefore, now);
        }
        int want = replayBatchSize();
        Duration wait = max(replayReadings.timeUntil(want, now), replayBytes.timeUntil(WireSize.of(want), now));
        if (!wait.isZero()) {
            return wait;
        }
        List<StoredRecord> backlog = List.of();
        if (committed) {
            backlog = store.read(backlogCursor, liveFloor, want);
            if (backlog.isEmpty() && store.readable()) {
                backlogCursor = liveFloor;
                Logger.info("delivery: backlog replayed");
            }
        }
        boolean fromMemory = backlog.isEmpty();
        if (fromMemory) {
            backlog = store.takeFromMemory(want, 0);
        }
        if (backlog.isEmpty()) {
            return IDLE;
        }
        Batch batch = new Batch(fromMemory ? store.memoryEpoch() : epoch, Lane.BACKLOG, backlog);
        replayReadings.take(backlog.size(), now);
        // the estimate chose the batch; what it really takes encoded is what the limit counts
        replayBytes.take(replayBytes.unlimited() ? 0 : sender.wireBytes(batch), now);
        send(batch, fromMemory, now);
        return IDLE;
    }

    /**
     * The first records as far as their seqs follow one another: a batch is every stored record
     * of its range (an acknowledgement deletes the range), so alarms with readings between them
     * go in separate batches.
     */
    private static List<StoredRecord> consecutive(List<StoredRecord> records) {
        int n = 1;
        while (n < records.size() && records.get(n).seq() == records.get(n - 1).seq() + 1) {
            n++;
        }
        return records.isEmpty() ? records : records.subList(0, n);
    }

    /** The biggest batch the buckets can ever pay for, so that replay cannot stall on a too-large wish. */
    private int replayBatchSize() {
        int size = settings.maxBatchReadings();
        if (!replayReadings.unlimited()) {
            size = (int) Math.min(size, replayReadings.capacity());
        }
        if (!replayBytes.unlimited()) {
            size = (int) Math.min(size, (replayBytes.capacity() - WireSize.PER_BATCH) / WireSize.PER_READING);
        }
        return Math.max(1, size);
    }

    private void connect(Instant now) {
        connected = true;
        liveFloor = store.lastSeq();
        liveCursor = Math.max(liveCursor, liveFloor);
        memoryFloor = store.lastTaken();
        long maxDelay = settings.maxReplayStartDelay().toMillis();
        replayNotBefore = now.plusMillis(maxDelay == 0 ? 0 : random.nextLong(maxDelay + 1));
        if (backlogCursor < liveFloor) {
            Logger.info("delivery: uplink up: replaying seq {} to {} from {}", backlogCursor + 1, liveFloor, replayNotBefore);
        }
    }

    /** A fresh store (after quarantine) restarted seq in a new epoch: start over, all of it is new. */
    private void followEpoch() {
        long current = store.epoch();
        if (current != epoch) {
            epoch = current;
            alarmCursor = 0;
            liveFloor = 0;
            liveCursor = 0;
            backlogCursor = 0;
            inFlight = Optional.empty();
            generation++;
        }
    }

    private void send(Batch batch, boolean fromMemory, Instant now) {
        if (!fromMemory) {
            boundResendAfterCrash(batch.size());
        }
        long gen = ++generation;
        inFlight = Optional.of(new InFlight(batch, fromMemory, gen, now));
        CompletionStage<SendOutcome> stage;
        try {
            stage = sender.send(batch);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((outcome, error) -> {
            SendOutcome o = error != null || outcome == null
                    ? new SendOutcome.Failed(String.valueOf(error))
                    : outcome;
            completions.add(new Completion(gen, o));
            wakeUp.run();
        });
    }

    /**
     * Acknowledged readings are deleted in the store's next group commit, at no cost of their
     * own. But a crash before it sends them once more: if those, with the batch about to go,
     * would be more than one batch, the deletes are committed first. So however fast a backlog
     * goes out, a crash at any moment makes the node send again at most one batch the platform
     * already has; the live lane, a batch per commit window, never needs the extra commit.
     */
    private void boundResendAfterCrash(int next) {
        if (store.writable() && store.settledNotCommitted() + next > settings.maxBatchReadings()) {
            store.flush();
        }
    }

    private void processCompletions(Instant now) {
        Completion c;
        while ((c = completions.poll()) != null) {
            if (inFlight.isEmpty() || inFlight.get().generation() != c.generation()) {
                continue; // timed out or from a replaced store
            }
            Batch batch = inFlight.get().batch();
            boolean fromMemory = inFlight.get().fromMemory();
            inFlight = Optional.empty();
            switch (c.outcome()) {
                case SendOutcome.Acknowledged a -> {
                    store.acknowledge(batch.epoch(), batch.range());
                    if (!fromMemory) {
                        advance(batch);
                    }
                    failures = 0;
                    lastDelivery = Optional.of(now);
                    delivered += batch.size();
                    recent.addLast(new Delivered(now, batch.size()));
                }
                case SendOutcome.Rejected r -> {
                    store.reject(batch.epoch(), batch.range());
                    if (!fromMemory) {
                        advance(batch);
                    }
                    failures = 0;
                    quarantinedBatches++;
                    Logger.warn("delivery: server rejected batch seq {}-{} of epoch {} as malformed ({}): {}", batch.range().first(),
                            batch.range().last(), batch.epoch(), r.reason(),
                            fromMemory ? "dropped, the store cannot keep it aside" : "moved aside");
                }
                case SendOutcome.Failed f -> fail(f.reason(), now);
            }
        }
    }

    private void expireInFlight(Instant now) {
        if (inFlight.isPresent() && !now.isBefore(inFlight.get().sentAt().plus(settings.sendTimeout()))) {
            inFlight = Optional.empty();
            fail("no outcome within " + settings.sendTimeout(), now);
        }
    }

    private void fail(String reason, Instant now) {
        // A failed Send is an outage the registration may not have noticed yet (a server
        // restarted within the lifetime): what is committed by the time it works again is
        // backlog, replayed with delay and rate limit, not a burst of "live" readings.
        connected = false;
        failures++;
        failedSends++;
        nextAttemptAt = now.plus(backoff.delay(failures));
        if (failures == 1) {
            Logger.warn("delivery: send failed ({}); retrying with backoff", reason);
        }
    }

    private void advance(Batch batch) {
        long last = batch.range().last();
        switch (batch.lane()) {
            case ALARM -> alarmCursor = Math.max(alarmCursor, last);
            case LIVE -> liveCursor = Math.max(liveCursor, last);
            case BACKLOG -> backlogCursor = Math.max(backlogCursor, last);
        }
    }

    public synchronized DeliveryMetrics metrics() {
        Instant now = clock.instant();
        while (!recent.isEmpty() && recent.peekFirst().at().isBefore(now.minus(DRAIN_WINDOW))) {
            recent.removeFirst();
        }
        long inWindow = recent.stream().mapToLong(Delivered::readings).sum();
        return new DeliveryMetrics(state(now), lastDelivery, inWindow / (double) DRAIN_WINDOW.toSeconds(), delivered,
                quarantinedBatches, failedSends, notStored.get());
    }

    private DeliveryState state(Instant now) {
        if (!connected || !uplink.canSend()) {
            return DeliveryState.OFFLINE;
        }
        if (now.isBefore(nextAttemptAt)) {
            return DeliveryState.BACKING_OFF;
        }
        if (backlogCursor < liveFloor) {
            return now.isBefore(replayNotBefore) ? DeliveryState.WAITING_TO_REPLAY : DeliveryState.REPLAYING;
        }
        return DeliveryState.LIVE;
    }

    private static Duration until(Instant t, Instant now) {
        Duration d = Duration.between(now, t);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
