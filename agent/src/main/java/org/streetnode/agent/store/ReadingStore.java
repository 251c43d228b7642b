package org.streetnode.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.streetnode.agent.config.StoreSettings;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.health.FaultEvent;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.reading.Reading;
import org.tinylog.Logger;

/**
 * The node's local buffer of readings and of its fault history: appended from the sampler (and
 * from whatever raises or clears a fault), group-committed to SQLite, read oldest first and
 * deleted once the platform acknowledged them. See {@code package-info} for the guarantees.
 *
 * <p>Threads: {@link #append} never blocks on I/O and never throws for storage problems; it only
 * adds to the in-memory window. One committer thread owned by the store commits the window every
 * {@link StoreSettings#commitWindow()} (at once for an {@link Priority#ALARM} or a full window).
 * Every other method may be called from any thread; they serialise on the database.
 */
public final class ReadingStore implements AutoCloseable {
    /** Acknowledged readings are deleted in the next group commit, or after this long without one. */
    static final Duration ACK_DELETE_MAX_DELAY = Duration.ofSeconds(60);
    private static final Duration MAX_AGE_CHECK_INTERVAL = Duration.ofHours(1);

    private final StoreSettings settings;
    private final Clock clock;
    private final ConnectionFactory connections;
    private final StoreFiles files;
    private final EpochFile epochFile;
    private final BootClock bootClock;
    private final PendingBuffer pending;
    private final ScheduledExecutorService committer;
    private final AtomicBoolean commitRequested = new AtomicBoolean();
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();
    private final Object dbLock = new Object();
    private final Object dropLock = new Object();

    // guarded by dbLock
    private volatile Optional<Database> db = Optional.empty();
    private Instant retryAt = Instant.MIN;
    private List<PendingOp> ops = new ArrayList<>();
    private Optional<Instant> opsSince = Optional.empty();
    /** Wall minus boot clock, measured synchronised: committed readings of this boot wait to be corrected to it. */
    private Optional<Long> pendingCorrection = Optional.empty();
    private Optional<Instant> lastAgeCheck = Optional.empty();
    private int quarantinedStores;
    private boolean closed;
    /** Set while a corrupt store is being replaced: a second corruption then is not the file's fault. */
    private boolean recovering;

    /** Readings sent straight from memory: guarded by dbLock. */
    private final MemoryLane memory;

    // guarded by dropLock: drops not yet written to the drops table
    private DropCounts unpersistedDrops = DropCounts.none();

    private volatile long epoch;
    private volatile long lastSeq;
    private volatile boolean timeTrusted;
    private volatile Optional<StoreAlarm> condition = Optional.empty();
    private volatile Optional<StoreAlarm> latched = Optional.empty();

    private ReadingStore(StoreSettings settings, Clock clock, BootClock bootClock, ConnectionFactory connections,
            ThreadFactory committerThread) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connections = connections;
        this.files = new StoreFiles(settings.directory());
        this.epochFile = new EpochFile(files.epoch);
        this.bootClock = Objects.requireNonNull(bootClock, "bootClock");
        this.memory = new MemoryLane(bootClock);
        this.pending = new PendingBuffer(settings.memoryQueueCapacity());
        this.committer = Executors.newSingleThreadScheduledExecutor(committerThread);
    }

    /**
     * Opens the store in {@code settings.directory()}, creating, checking or replacing the file as
     * needed, and starts the committer thread. Never throws for storage problems: a store that
     * cannot be opened raises an alarm, keeps readings in memory and is retried.
     *
     * @param clock the wall clock, the one readings are timestamped with
     * @param bootClock the boot's monotonic clock ({@link BootClock#system()}), to correct the
     *     time of readings taken before the wall clock was synchronised
     */
    public static ReadingStore open(StoreSettings settings, Clock clock, BootClock bootClock) {
        return open(settings, clock, bootClock, ownCommitter());
    }

    /** @param committerThread the group commits' thread (the agent's {@link AgentThreads}) */
    public static ReadingStore open(StoreSettings settings, Clock clock, BootClock bootClock, ThreadFactory committerThread) {
        return new ReadingStore(settings, clock, bootClock, ConnectionFactory.sqlite(), committerThread).opened();
    }

    static ReadingStore open(StoreSettings settings, Clock clock, BootClock bootClock, ConnectionFactory connections) {
        return new ReadingStore(settings, clock, bootClock, connections, ownCommitter()).opened();
    }

    /** A store on its own: its committer on a platform thread of its own. */
    private static ThreadFactory ownCommitter() {
        return AgentThreads.dedicated().of("store-commit");
    }

    private ReadingStore opened() {
        synchronized (dbLock) {
            openDatabase();
        }
        long window = settings.commitWindow().toMillis();
        committer.scheduleWithFixedDelay(this::tick, window, window, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Appends a reading of {@link Priority#NORMAL} priority. */
    public void append(Reading reading) {
        append(reading, Priority.NORMAL);
    }

    /**
     * Adds a reading to the open window. Returns at once; the reading is durable after the
     * window's group commit. Alarms and a full window are committed without waiting.
     */
    public void append(Reading reading, Priority priority) {
        append(Payload.of(reading), reading.timestamp(), reading.clockSynchronised(), priority);
    }

    /**
     * Adds a fault raised or cleared to the fault history: an {@link Priority#ALARM} record,
     * committed at once (or, while the store cannot be written, kept in memory and sent from
     * there), dropped last, and read back as a {@link StoredFaultEvent}. Returns at once.
     *
     * @param clockSynchronised whether the wall clock was synchronised at {@link FaultEvent#at()}:
     *     the event's time is then corrected as a reading's would be
     */
    public void append(FaultEvent event, boolean clockSynchronised) {
        append(Payload.of(event), event.at(), clockSynchronised, Priority.ALARM);
    }

    private void append(Payload payload, Instant at, boolean clockSynchronised, Priority priority) {
        long bootMillis = 0;
        if (clockSynchronised) {
            timeTrusted = true;
        } else {
            // where it was taken on the boot's clock: now, less how long ago it was taken
            bootMillis = bootClock.nanos() / 1_000_000 - Duration.between(at, clock.instant()).toMillis();
        }
        List<PendingBuffer.Entry> dropped = pending.add(payload, at, clockSynchronised, priority, bootMillis);
        countMemoryDrops(dropped);
        if (priority == Priority.ALARM || pending.size() >= settings.maxWindowReadings()) {
            requestCommit();
        }
        if (!writable()) {
            notifyListeners(); // delivery may send it from memory
        }
    }

    /** Commits the open window now (and retries a failed store now). The agent calls it on SIGTERM via {@link #close()}. */
    public void flush() {
        commit(true);
    }

    /**
     * Tells the store the wall clock is synchronised now; the agent calls it again and again
     * while it is. Readings of this boot taken before, in memory or committed (by this run of the
     * agent or an earlier one), get the time the boot's clock gives them and are marked
     * {@link TimeQuality#CORRECTED}: the wall clock minus the boot's clock, measured now, plus
     * where each was taken on the boot's clock. That holds however often the wall clock was
     * stepped before, and for readings the kernel still called unsynchronised after the step
     * (already right, they stay right). Readings of earlier boots cannot be corrected: their
     * boot's clock is gone; they keep their time, flagged {@link TimeQuality#UNSYNCHRONISED}.
     * Costs nothing when there is nothing to correct.
     */
    public void clockSynchronised() {
        timeTrusted = true;
        synchronized (dbLock) {
            if (closed) {
                return;
            }
            long bootOffsetMillis = clock.millis() - bootClock.nanos() / 1_000_000;
            pending.correct(bootOffsetMillis);
            if (db.isEmpty() || !db.get().needsCorrection()) {
                return;
            }
            pendingCorrection = Optional.of(bootOffsetMillis);
        }
        commit(true);
    }

    /**
     * Committed records (readings and fault events) with {@code afterSeq < seq <= upToSeq},
     * oldest first, at most {@code limit}, leaving out those already acknowledged. Every stored
     * record of the range from the first to the last returned seq is in the list.
     */
    public List<StoredRecord> read(long afterSeq, long upToSeq, int limit) {
        return read(afterSeq, upToSeq, limit, Priority.LOW);
    }

    /**
     * Committed {@link Priority#ALARM} records (the fault history) with
     * {@code afterSeq < seq <= upToSeq}, oldest first, at most {@code limit}, leaving out those
     * already acknowledged. Records of lower priority may lie between them.
     */
    public List<StoredRecord> readAlarms(long afterSeq, long upToSeq, int limit) {
        return read(afterSeq, upToSeq, limit, Priority.ALARM);
    }

    private List<StoredRecord> read(long afterSeq, long upToSeq, int limit, Priority atLeast) {
        synchronized (dbLock) {
            if (db.isEmpty() || limit <= 0) {
                return List.of();
            }
            List<StoredRecord> out = new ArrayList<>();
            long after = afterSeq;
            try {
                while (out.size() < limit) {
                    List<StoredRecord> raw = db.get().read(after, upToSeq, limit, atLeast);
                    for (StoredRecord r : raw) {
                        if (!settled(r.seq()) && out.size() < limit) {
                            out.add(r);
                        }
                    }
                    if (raw.size() < limit) {
                        break;
                    }
                    after = raw.get(raw.size() - 1).seq();
                }
            } catch (StoreFault f) {
                handleFault(f);
                return List.of();
            }
            return List.copyOf(out);
        }
    }

    /**
     * The server acknowledged these readings of {@code epoch}: they are deleted in the next group
     * commit; readings sent from memory are forgotten at once, never written.
     */
    public void acknowledge(long epoch, SeqRange range) {
        if (epoch == memory.epoch()) {
            settleFromMemory(range);
        } else {
            addOp(epoch, new PendingOp.Delete(range));
        }
    }

    /**
     * The server rejected these readings as malformed: they move to the rejected table in the
     * next group commit. Readings sent from memory cannot be kept aside: they are forgotten.
     */
    public void reject(long epoch, SeqRange range) {
        if (epoch == memory.epoch()) {
            settleFromMemory(range);
        } else {
            addOp(epoch, new PendingOp.Reject(range));
        }
    }

    /**
     * How many readings the server acknowledged (or rejected) that wait for the next group commit
     * to be deleted, counted by their ranges: a crash now would send them once more.
     */
    public long settledNotCommitted() {
        synchronized (dbLock) {
            long n = 0;
            for (PendingOp op : ops) {
                n += op.range().length();
            }
            return n;
        }
    }

    /**
     * Whether readings are committed as usual. While not (disk full, read-only, no store), they
     * wait in memory, and delivery sends them from there ({@link #takeFromMemory}).
     */
    public boolean writable() {
        return condition.isEmpty() && db.isPresent();
    }

    /** Whether committed readings can be read now: the file is open (it may still be full). */
    public boolean readable() {
        return db.isPresent();
    }

    /**
     * The epoch of readings sent straight from memory: this run's own, 2<sup>62</sup> or more,
     * never the store's epoch nor another run's. See package-info, "Identity".
     */
    public long memoryEpoch() {
        return memory.epoch();
    }

    /** The place of the last reading appended in the order of appending (see {@link #takeFromMemory}). */
    public long lastTaken() {
        return pending.lastTaken();
    }

    /**
     * Records to send straight from memory because the store cannot take them: up to
     * {@code limit} of the oldest waiting records appended after {@code takenAfter} (a
     * {@link #lastTaken()}), numbered in the {@link #memoryEpoch()} from here on. Empty while
     * the store can be written (records then leave only once committed), while records sent
     * from memory before wait for their outcome, and while the store is due to be tried again:
     * the records then wait for that commit, which tells whether it can take them.
     */
    public List<StoredRecord> takeFromMemory(int limit, long takenAfter) {
        return takeFromMemory(limit, takenAfter, Priority.LOW);
    }

    /** As {@link #takeFromMemory}, but only {@link Priority#ALARM} records, whenever they were appended. */
    public List<StoredRecord> takeAlarmsFromMemory(int limit) {
        return takeFromMemory(limit, 0, Priority.ALARM);
    }

    private List<StoredRecord> takeFromMemory(int limit, long takenAfter, Priority atLeast) {
        synchronized (dbLock) {
            if (writable() || memory.waiting() || closed || limit <= 0 || !clock.instant().isBefore(retryAt)) {
                return List.of();
            }
            return memory.send(pending.take(limit, takenAfter, atLeast));
        }
    }

    /** Records sent from memory whose outcome is not known yet: to be sent again as they are. */
    public List<StoredRecord> memoryInFlight() {
        synchronized (dbLock) {
            return memory.inFlight();
        }
    }

    private void settleFromMemory(SeqRange range) {
        synchronized (dbLock) {
            memory.settle(range);
        }
    }

    /** The current epoch; it changes when a fresh store replaces a quarantined one. */
    public long epoch() {
        return epoch;
    }

    /** The last sequence number committed in the current epoch, 0 if none. */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * Runs after every group commit that added readings, after a store replacement, and after
     * every append while the store cannot be written (readings to send from memory).
     */
    public void addCommitListener(Runnable listener) {
        commitListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A condition alarm (disk full, read-only, I/O) while it lasts, else a latched quarantine alarm. */
    public Optional<StoreAlarm> alarm() {
        Optional<StoreAlarm> c = condition;
        return c.isPresent() ? c : latched;
    }

    /** The store cannot be written (disk full, read-only, I/O), since the alarm's time. */
    public Optional<StoreAlarm> unwritable() {
        return condition;
    }

    /** A store was quarantined and replaced at the alarm's time; latched until {@link #resetAlarm()}. */
    public Optional<StoreAlarm> quarantined() {
        return latched;
    }

    /** Clears a latched quarantine alarm (LwM2M Device "Reset Error Code"). */
    public void resetAlarm() {
        latched = Optional.empty();
    }

    public StoreMetrics metrics() {
        synchronized (dbLock) {
            long depth = db.map(Database::depth).orElse(0L);
            long rejected = db.map(Database::rejectedRows).orElse(0L);
            DropCounts persisted = db.map(Database::persistedDrops).orElse(DropCounts.none());
            Optional<Instant> oldest = Optional.empty();
            if (db.isPresent()) {
                try {
                    oldest = db.get().oldest();
                } catch (StoreFault f) {
                    handleFault(f);
                }
            }
            DropCounts dropped;
            synchronized (dropLock) {
                dropped = persisted.plus(unpersistedDrops);
            }
            return new StoreMetrics(epoch, lastSeq, depth, pending.size() + memory.size(), oldest, files.bytesOnDisk(),
                    dropped, rejected, quarantinedStores, alarm());
        }
    }

    /** Commits the open window and closes the file cleanly. */
    @Override
    public void close() {
        committer.shutdown();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (dbLock) {
            if (closed) {
                return;
            }
            // sent from memory with no outcome yet: kept, at the price of maybe a second arrival
            countMemoryDrops(pending.putBack(memory.takeBack()));
            commit(true);
            closed = true;
            int lost = pending.size();
            if (lost > 0) {
                Logger.warn("buffer: closed with {} readings it could not write", lost);
            }
            db.ifPresent(d -> {
                try {
                    d.checkpoint();
                } catch (StoreFault f) {
                    Logger.warn("buffer: checkpoint at close failed: {}", f.getMessage());
                }
            });
            try {
                // before closing: a crash between the two then looks like a crash with the WAL present
                Files.deleteIfExists(files.openMarker);
            } catch (IOException e) {
                Logger.warn("buffer: cannot remove {}: {}", files.openMarker, e.getMessage());
            }
            db.ifPresent(Database::close);
            db = Optional.empty();
        }
    }

    private void tick() {
        commitRequested.set(false);
        try {
            commit(false);
        } catch (RuntimeException e) {
            Logger.error(e, "buffer: commit failed unexpectedly");
        }
    }

    private void requestCommit() {
        if (commitRequested.compareAndSet(false, true)) {
            try {
                committer.execute(this::tick);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: close() commits what is left
            }
        }
    }

    private void commit(boolean force) {
        synchronized (dbLock) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            if (!force && now.isBefore(retryAt)) {
                return;
            }
            if (db.isEmpty() && !openDatabase()) {
                return;
            }
            if (!Files.exists(files.wal)) {
                replaceAfterWalDeleted();
                if (db.isEmpty()) {
                    return;
                }
            }
            Optional<Long> ageCutoff = ageCutoff(now);
            boolean opsDue = !ops.isEmpty() && (force || opsSince.map(s -> !now.isBefore(s.plus(ACK_DELETE_MAX_DELAY))).orElse(false));
            boolean carried;
            synchronized (dropLock) {
                carried = unpersistedDrops.total() != 0;
            }
            if (pending.isEmpty() && !opsDue && ageCutoff.isEmpty() && pendingCorrection.isEmpty() && !carried) {
                return;
            }
            List<PendingBuffer.Entry> entries = pending.takeAll();
            List<PendingOp> takenOps = ops;
            ops = new ArrayList<>();
            opsSince = Optional.empty();
            DropCounts drops = takeUnpersistedDrops();
            Database.Outcome outcome;
            try {
                outcome = db.get().commit(new Database.Work(entries, takenOps, drops, now.toEpochMilli(),
                        ageCutoff, pendingCorrection));
            } catch (StoreFault f) {
                // nothing of it reached the file: everything goes back to wait for the next try
                restoreAfterFailedCommit(entries, takenOps, drops, f.kind());
                handleFault(f);
                return;
            }
            pendingCorrection = Optional.empty();
            if (outcome.corrected() > 0) {
                Logger.info("buffer: clock synchronised: corrected the time of {} readings taken before", outcome.corrected());
            }
            ageCutoff.ifPresent(c -> lastAgeCheck = Optional.of(now));
            lastSeq = outcome.lastSeq();
            clearCondition();
            if (outcome.inserted() > 0) {
                notifyListeners();
            }
            try {
                if (outcome.shrank()) {
                    db.get().checkpoint(); // in WAL mode the file is only truncated at checkpoint
                } else {
                    db.get().checkpointIfLarge(files.wal);
                }
            } catch (StoreFault f) {
                handleFault(f);
            }
        }
    }

    private void restoreAfterFailedCommit(List<PendingBuffer.Entry> entries, List<PendingOp> takenOps, DropCounts drops,
            StoreFault.Kind kind) {
        countMemoryDrops(pending.putBack(entries));
        synchronized (dropLock) {
            unpersistedDrops = unpersistedDrops.plus(drops);
        }
        if (kind != StoreFault.Kind.CORRUPT) {
            takenOps.addAll(ops);
            ops = takenOps;
            opsSince = ops.isEmpty() ? Optional.empty() : Optional.of(clock.instant());
        }
    }

    /**
     * Deals with a failed store operation: a corrupt file is quarantined and replaced (and the
     * readings waiting in memory go into the fresh file); anything else raises an alarm and is
     * retried after {@link StoreSettings#retryInterval()}.
     */
    private void handleFault(StoreFault f) {
        if (f.kind() == StoreFault.Kind.CORRUPT && !recovering) {
            recovering = true;
            try {
                quarantineAndReplace("corrupt", f.getMessage());
                if (db.isPresent() && !pending.isEmpty()) {
                    commit(true);
                }
            } finally {
                recovering = false;
            }
            return;
        }
        raiseCondition(f);
        retryAt = clock.instant().plus(settings.retryInterval());
        if (f.kind() != StoreFault.Kind.FULL) {
            // read-only or I/O: reopen on retry, which also re-checks the file
            closeDeliberately();
        }
    }

    /** Closes the file on purpose, so the open marker goes too: the WAL may go with the connection. */
    private void closeDeliberately() {
        db.ifPresent(Database::close);
        db = Optional.empty();
        try {
            Files.deleteIfExists(files.openMarker);
        } catch (IOException e) {
            // read-only: then SQLite could not delete the WAL either, and the marker stays true
        }
    }

    private Optional<Long> ageCutoff(Instant now) {
        if (!timeTrusted) {
            return Optional.empty(); // "now" may be 1970 or fake-hwclock's guess: ages would be wrong
        }
        Duration interval = settings.maxAge().dividedBy(10);
        if (interval.compareTo(MAX_AGE_CHECK_INTERVAL) > 0) {
            interval = MAX_AGE_CHECK_INTERVAL;
        }
        Duration every = interval;
        boolean due = lastAgeCheck.map(last -> !now.isBefore(last.plus(every))).orElse(true);
        return due ? Optional.of(now.minus(settings.maxAge()).toEpochMilli()) : Optional.empty();
    }

    private void addOp(long forEpoch, PendingOp op) {
        synchronized (dbLock) {
            if (forEpoch != epoch || db.isEmpty() || closed) {
                return; // a batch of a replaced store: its rows went with the old file
            }
            ops.add(op);
            if (opsSince.isEmpty()) {
                opsSince = Optional.of(clock.instant());
            }
        }
    }

    /** Whether the delivery engine already settled this seq (acknowledged or rejected, not yet committed). */
    private boolean settled(long seq) {
        for (PendingOp op : ops) {
            if (op.range().contains(seq)) {
                return true;
            }
        }
        return false;
    }

    // ---- opening, replacing ------------------------------------------------------------------

    /** Opens, checks and if needed replaces the store file. Returns whether a store is open. */
    private boolean openDatabase() {
        try {
            files.createDirectory();
            if (!Files.exists(files.database)) {
                if (Files.exists(files.wal) || Files.exists(files.sharedMemory)) {
                    quarantine("orphan-wal", "WAL without its store file");
                }
                createFresh();
            } else if (Files.exists(files.openMarker) && !Files.exists(files.wal)) {
                quarantine("wal-lost", "the store's WAL was deleted while the agent was stopped uncleanly");
                createFresh();
            }
            Database opened = openChecked();
            db = Optional.of(opened);
            epoch = opened.epoch();
            lastSeq = opened.lastSeq();
            if (Files.exists(files.wal)) {
                AtomicFile.write(files.openMarker, new byte[0]);
            }
            clearCondition();
            return true;
        } catch (StoreFault f) {
            raiseCondition(f);
        } catch (IOException e) {
            raiseCondition(new StoreFault(StoreFault.Kind.IO, e.toString(), e));
        }
        retryAt = clock.instant().plus(settings.retryInterval());
        return false;
    }

    /** Opens the file; one that fails its checks is quarantined and replaced once. */
    private Database openChecked() throws StoreFault, IOException {
        try {
            return reconcileEpoch(Database.open(connections, files.database, settings, bootClock.bootId()));
        } catch (StoreFault f) {
            if (f.kind() != StoreFault.Kind.CORRUPT) {
                throw f;
            }
            quarantine("corrupt", f.getMessage());
            createFresh();
        }
        try {
            return reconcileEpoch(Database.open(connections, files.database, settings, bootClock.bootId()));
        } catch (StoreFault f) {
            // a file created a moment ago fails its checks: not the file's fault, do not loop
            throw new StoreFault(StoreFault.Kind.IO, "fresh store unusable: " + f.getMessage(), f);
        }
    }

    /** The epoch file must not be ahead of the store: that store predates the node's current epoch. */
    private Database reconcileEpoch(Database opened) throws StoreFault, IOException {
        var recorded = epochFile.read();
        if (recorded.isPresent() && recorded.getAsLong() > opened.epoch()) {
            opened.close();
            throw new StoreFault(StoreFault.Kind.CORRUPT, "store epoch " + opened.epoch()
                    + " is older than the node's epoch " + recorded.getAsLong());
        }
        if (recorded.isEmpty() || recorded.getAsLong() < opened.epoch()) {
            epochFile.write(opened.epoch());
        }
        return opened;
    }

    /**
     * A fresh store starts a new epoch, so the platform knows seq restarted: the epoch file is
     * written before the store exists. Epochs also never fall below the wall clock's seconds, so
     * even a lost epoch file does not bring an old epoch back while the clock is sane.
     */
    private void createFresh() throws StoreFault, IOException {
        long previous = Math.max(epochFile.read().orElse(0), epoch);
        long next = Math.max(previous + 1, clock.instant().getEpochSecond());
        epochFile.write(next);
        Database.create(connections, files.database, next);
        Logger.info("buffer: started a fresh store, epoch {}", next);
    }

    private void quarantine(String slug, String why) throws IOException {
        db.ifPresent(d -> {
            synchronized (dropLock) {
                unpersistedDrops = unpersistedDrops.plus(d.persistedDrops());
            }
            d.close();
        });
        db = Optional.empty();
        ops = new ArrayList<>();
        opsSince = Optional.empty();
        var folder = files.quarantine(slug, clock.instant(), settings.quarantineKeep());
        quarantinedStores++;
        String detail = why + "; moved to " + folder;
        latched = Optional.of(new StoreAlarm(AlarmReason.STORE_QUARANTINED, detail, clock.instant()));
        Logger.error("buffer: quarantined: {}", detail);
    }

    private void quarantineAndReplace(String slug, String why) {
        try {
            quarantine(slug, why);
            openDatabase();
            notifyListeners();
        } catch (IOException e) {
            raiseCondition(new StoreFault(StoreFault.Kind.IO, "cannot quarantine the store: " + e, e));
            retryAt = clock.instant().plus(settings.retryInterval());
        }
    }

    /**
     * The WAL vanished under an open store: SQLite still holds it open, so fold it into the file
     * first (the quarantined copy is then complete), then move the set aside: after a crash its
     * latest commits would be gone and their seqs reused.
     */
    private void replaceAfterWalDeleted() {
        db.ifPresent(d -> {
            try {
                d.checkpoint();
            } catch (StoreFault f) {
                Logger.warn("buffer: could not fold the deleted WAL into the store: {}", f.getMessage());
            }
        });
        quarantineAndReplace("wal-deleted", "the store's WAL was deleted while the store was open");
    }

    // ---- alarms and counters -----------------------------------------------------------------

    private void raiseCondition(StoreFault f) {
        AlarmReason reason = f.alarmReason() == AlarmReason.STORE_QUARANTINED ? AlarmReason.IO_ERROR : f.alarmReason();
        Optional<StoreAlarm> current = condition;
        if (current.isEmpty() || current.get().reason() != reason) {
            condition = Optional.of(new StoreAlarm(reason, String.valueOf(f.getMessage()), clock.instant()));
            Logger.error("buffer: alarm {}: {}; keeping readings in memory (up to {})", reason, f.getMessage(),
                    settings.memoryQueueCapacity());
        }
    }

    private void clearCondition() {
        if (condition.isPresent()) {
            Logger.info("buffer: alarm {} cleared", condition.get().reason());
            condition = Optional.empty();
        }
    }

    private void countMemoryDrops(List<PendingBuffer.Entry> dropped) {
        if (dropped.isEmpty()) {
            return;
        }
        synchronized (dropLock) {
            for (PendingBuffer.Entry e : dropped) {
                unpersistedDrops = unpersistedDrops.with(DropReason.MEMORY, e.priority(), 1);
            }
        }
    }

    private DropCounts takeUnpersistedDrops() {
        synchronized (dropLock) {
            DropCounts taken = unpersistedDrops;
            unpersistedDrops = DropCounts.none();
            return taken;
        }
    }

    private void notifyListeners() {
        for (Runnable l : commitListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                Logger.error(e, "buffer: commit listener failed");
            }
        }
    }
}
