package org.streetnode.agent.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.config.UpdateConfig;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.update.fetch.CoapFetcher;
import org.streetnode.agent.update.fetch.FetchException;
import org.streetnode.agent.update.fetch.HttpFetcher;
import org.streetnode.agent.update.fetch.PackageFetcher;
import org.tinylog.Logger;

/**
 * Remote software update, the unprivileged half: takes a package pushed block by block or pulls
 * it from a URI, into the spool ({@link Spool}), checks it as it arrives and verifies it whole
 * ({@link PackageVerifier}), and on Update hands it to the privileged install helper by writing
 * {@code install-request.json}; the helper's {@code install-result.json} ends the update. Every
 * step is a transition of {@link UpdateStateMachine}, kept in {@code state.json} before it is
 * reported, so a restart or a reboot finds the update where it was.
 *
 * <p>Refusals are logged once each, with the reason and the result reported. A pull resumes from
 * the last block it stored after a lost connection (retrying with doubling waits while it makes
 * progress, giving up with "connection lost" after {@code retries} attempts without any) and
 * after a restart; writing the same URI again later resumes it too. It is held to
 * {@code max_download_rate}.
 */
public final class UpdateService implements Service, UpdateControl {
    /** Downloads resume at a multiple of this (the largest CoAP block), so a torn last block is fetched again. */
    static final int RESUME_ALIGNMENT = 1024;
    private static final Duration TICK = Duration.ofSeconds(2);
    /** One CoAP block's answer, retransmissions included (CoAP's own MAX_TRANSMIT_WAIT is 93 s). */
    private static final Duration COAP_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** One HTTP range of 32 KB: at least 0.5 KB/s. */
    private static final Duration HTTP_RANGE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpdateSettings settings;
    private final Map<String, PackageFetcher> fetchers = new LinkedHashMap<>();
    private final FreeSpace freeSpace;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Spool spool;
    private final UpdateStore store;
    private final PackageVerifier verifier;
    private final List<Consumer<UpdateStatus>> listeners = new CopyOnWriteArrayList<>();

    // guarded by this
    private UpdateStatus status = UpdateStatus.INITIAL;
    private Optional<URI> partOf = Optional.empty();
    /** Bumped by every new download and every cancel: a download of an older generation stops writing. */
    private long generation;
    private boolean headChecked;
    private boolean roomChecked;
    private Instant lastBlockAt = Instant.EPOCH;
    /** The version that ran before the last successful update, as the install helper reported it. */
    private Optional<String> previousVersion = Optional.empty();
    /** The download's size when the transfer gave it (push Size1, pull Size2 or Content-Range). */
    private long expectedTotal = -1;
    /** Where the download's rate is measured from: when (nanoTime) and at how many bytes. */
    private long rateSinceNanos;
    private long rateSinceBytes;
    private Future<?> pull;
    private ScheduledExecutorService worker;
    private ExecutorService downloader;
    private ExecutorService notifier;

    /**
     * @param fetchers how packages are pulled, by URI scheme
     * @param sleeper how pulls wait (rate limit, retries)
     */
    public UpdateService(UpdateSettings settings, List<PackageFetcher> fetchers, FreeSpace freeSpace, Clock clock,
            Sleeper sleeper) {
        this.settings = settings;
        fetchers.forEach(f -> f.schemes().forEach(s -> this.fetchers.put(s, f)));
        this.freeSpace = freeSpace;
        this.clock = clock;
        this.sleeper = sleeper;
        this.spool = new Spool(settings.spoolDir());
        this.store = new UpdateStore(spool.file(Spool.STATE));
        this.verifier = new PackageVerifier(settings.releaseKey(), settings.running(), settings.allowDowngrade());
    }

    public UpdateService(UpdateSettings settings, List<PackageFetcher> fetchers) {
        this(settings, fetchers, FreeSpace.fileStore(), Clock.systemUTC(), d -> Thread.sleep(d));
    }

    /**
     * The agent's update service, pulling over CoAP(S) with the node's own credentials and over
     * HTTP(S); empty, and said so once, when no release key is pinned or the running version is
     * not a Debian version (a development build).
     *
     * @param credentials the node's DTLS credentials towards its LwM2M server, for coaps:// pulls
     */
    public static Optional<UpdateService> fromConfig(UpdateConfig config, boolean lab, String runningVersion,
            Supplier<Optional<ServerSecurity>> credentials) {
        if (config.releaseKey().isEmpty()) {
            Logger.info("update: no release key pinned ([update] release_key); remote updates are off");
            return Optional.empty();
        }
        try {
            return Optional.of(new UpdateService(UpdateSettings.of(config, lab, runningVersion), List.of(
                    new CoapFetcher(credentials, COAP_REQUEST_TIMEOUT), new HttpFetcher(HTTP_RANGE_TIMEOUT))));
        } catch (IllegalArgumentException e) {
            Logger.warn("update: remote updates are off: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "update";
    }

    @Override
    public synchronized void start() throws IOException {
        spool.create();
        UpdateStore.Saved saved = store.load();
        status = saved.status();
        partOf = saved.partOf();
        previousVersion = saved.previousVersion();
        resetRate();
        worker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("update").unstarted(r));
        downloader = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("update-download").unstarted(r));
        notifier = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("update-notify").unstarted(r));
        worker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        switch (status.phase()) {
            case IDLE -> { }
            case DOWNLOADING -> {
                if (status.source().orElseThrow() instanceof PackageSource.Pull p) {
                    Logger.info("update: resuming the download of {} at {} bytes", p.uri(), spool.partLength());
                    startPull(p.uri());
                } else {
                    Logger.info("update: a push was under way at {} bytes; waiting for its next block", spool.partLength());
                    lastBlockAt = clock.instant();
                }
            }
            case DOWNLOADED -> worker.execute(this::recheckDownloaded);
            case UPDATING -> Logger.info("update: waiting for the install helper's outcome for {}",
                    status.downloaded().map(Manifest::version).orElseThrow());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        ExecutorService w;
        ExecutorService d;
        ExecutorService n;
        synchronized (this) {
            w = worker;
            d = downloader;
            n = notifier;
            worker = null;
            downloader = null;
        }
        if (w != null) {
            d.shutdownNow();
            w.shutdownNow();
            d.awaitTermination(2, TimeUnit.SECONDS);
            w.awaitTermination(2, TimeUnit.SECONDS);
            n.shutdown(); // the changes made so far still reach their observers
            n.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized UpdateStatus status() {
        return status;
    }

    @Override
    public String runningVersion() {
        return settings.running().toString();
    }

    @Override
    public synchronized Optional<String> packageUri() {
        return status.source().filter(PackageSource.Pull.class::isInstance)
                .map(s -> ((PackageSource.Pull) s).uri().toString());
    }

    /** What {@code streetnode shell update} shows. */
    public synchronized UpdateView view() {
        long bytes = status.phase() == UpdatePhase.DOWNLOADING ? partLength() : status.downloaded().map(m -> fileLength(Spool.PACKAGE)).orElse(0L);
        java.util.OptionalLong total = status.phase() == UpdatePhase.DOWNLOADING
                ? (expectedTotal > 0 ? java.util.OptionalLong.of(expectedTotal) : java.util.OptionalLong.empty())
                : (bytes > 0 ? java.util.OptionalLong.of(bytes) : java.util.OptionalLong.empty());
        long elapsedNanos = System.nanoTime() - rateSinceNanos;
        long rate = status.phase() == UpdatePhase.DOWNLOADING && elapsedNanos > 0
                ? Math.max(0, (bytes - rateSinceBytes) * 1_000_000_000L / elapsedNanos) : 0;
        return new UpdateView(true, status.phase().name().toLowerCase(Locale.ROOT), status.result().code(),
                status.result().describe(), status.reason(), settings.running().toString(),
                status.downloaded().map(m -> m.version().toString()),
                status.source().map(src -> switch (src) {
                    case PackageSource.Push p -> "push";
                    case PackageSource.Pull p -> p.uri().toString();
                }), bytes, total, total.isPresent() ? Optional.of(Math.min(100.0, 100.0 * bytes / total.getAsLong())) : Optional.empty(),
                rate, settings.maxDownloadRate(), previousVersion);
    }

    private void resetRate() {
        rateSinceNanos = System.nanoTime();
        rateSinceBytes = partLength();
    }

    private long fileLength(String name) {
        try {
            return Files.size(spool.file(name));
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public Set<String> pullSchemes() {
        return fetchers.keySet().stream().filter(s -> settings.lab() || isSecure(s))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public void onChange(Consumer<UpdateStatus> listener) {
        listeners.add(listener);
    }

    // ---- push

    @Override
    public Answer writePackage(byte[] pkg) {
        if (pkg.length == 0) {
            return cancel();
        }
        return pushBlock(0, pkg, false, pkg.length);
    }

    @Override
    public Answer pushBlock(long offset, byte[] data, boolean more, long total) {
        long gen;
        synchronized (this) {
            if (offset == 0) {
                if (!allowed(new UpdateEvent.PushStarted())) {
                    return notNow();
                }
                Logger.info("update: push started{}", total > 0 ? " (" + total + " bytes)" : "");
                restartDownload(Optional.empty());
                transition(new UpdateEvent.PushStarted());
            } else if (!status.pushing()) {
                return new Answer.OutOfSequence("no push is under way (block 0 starts one)");
            } else {
                long have = partLength();
                if (offset + data.length == have && offset < have) {
                    return Answer.DONE; // the last block again: its acknowledgement was lost
                }
                if (offset != have) {
                    return new Answer.OutOfSequence("a block at byte " + offset + " where byte " + have + " was due");
                }
            }
            gen = generation;
            lastBlockAt = clock.instant();
            Optional<Answer> stored = store(offset, data, !more, total);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        if (!more) {
            worker.execute(() -> finish(gen));
        }
        return Answer.DONE;
    }

    // ---- pull

    @Override
    public synchronized Answer writeUri(String text) {
        if (text.isEmpty()) {
            return cancel();
        }
        if (status.phase() != UpdatePhase.IDLE) {
            return new Answer.NotNow("a package is " + status.phase().name().toLowerCase(Locale.ROOT)
                    + "; write an empty package URI to cancel it first");
        }
        URI uri;
        try {
            uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getPath() == null) {
                throw new URISyntaxException(text, "no scheme, host or path");
            }
        } catch (URISyntaxException e) {
            return refuseUri(UpdateResult.INVALID_URI, "package URI \"" + text + "\" is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!fetchers.containsKey(scheme)) {
            return refuseUri(UpdateResult.UNSUPPORTED_PROTOCOL, "package URI scheme " + scheme
                    + ": is not one this node pulls from (" + String.join(", ", pullSchemes()) + ")");
        }
        if (!settings.lab() && !isSecure(scheme)) {
            return refuseUri(UpdateResult.UNSUPPORTED_PROTOCOL, "package URI scheme " + scheme
                    + ": is not encrypted and allowed only in a lab setup ([lwm2m] lab = true)");
        }
        if (partOf.equals(Optional.of(uri))) {
            Logger.info("update: pulling {} again, resuming at {} bytes", uri, partLength());
        } else {
            Logger.info("update: pulling {}", uri);
            restartDownload(Optional.of(uri));
        }
        transition(new UpdateEvent.PullStarted(uri));
        startPull(uri);
        return Answer.DONE;
    }

    private Answer refuseUri(UpdateResult result, String reason) {
        Logger.warn("update: {} (Update Result {})", reason, result.describe());
        transition(new UpdateEvent.UriRefused(result, reason));
        return Answer.DONE;
    }

    private synchronized void startPull(URI uri) {
        long gen = ++generation;
        headChecked = false;
        roomChecked = false;
        resetRate();
        pull = downloader.submit(() -> pullLoop(gen, uri));
    }

    private void pullLoop(long gen, URI uri) {
        PackageFetcher fetcher = fetchers.get(uri.getScheme().toLowerCase(Locale.ROOT));
        int failures = 0;
        long progressAt = -1;
        while (true) {
            long offset;
            synchronized (this) {
                if (gen != generation) {
                    return;
                }
                try {
                    offset = partLength() / RESUME_ALIGNMENT * RESUME_ALIGNMENT;
                    spool.truncatePart(offset);
                } catch (IOException e) {
                    fail(UpdateResult.NOT_ENOUGH_STORAGE, "cannot use " + spool.file(Spool.PART) + ": " + e.getMessage());
                    return;
                }
            }
            RatePacer pacer = new RatePacer(settings.maxDownloadRate(), System::nanoTime, sleeper);
            try {
                fetcher.fetch(uri, offset, (at, data, total) -> received(gen, at, data, total, pacer));
                worker.execute(() -> finish(gen));
                return;
            } catch (InterruptedException e) {
                return; // cancelled, or the agent stops: the download resumes at the next start
            } catch (FetchException e) {
                long reached = partLength();
                if (reached > progressAt) {
                    failures = 0;
                    progressAt = reached;
                }
                if (e.kind() == FetchException.Kind.STOPPED) {
                    return; // cancelled or refused: already dealt with
                }
                Optional<UpdateResult> permanent = switch (e.kind()) {
                    case NOT_FOUND -> Optional.of(UpdateResult.INVALID_URI);
                    case UNSUPPORTED -> Optional.of(UpdateResult.UNSUPPORTED_PROTOCOL);
                    default -> ++failures > settings.retries() ? Optional.of(UpdateResult.CONNECTION_LOST) : Optional.empty();
                };
                if (permanent.isPresent()) {
                    failIf(gen, permanent.get(), "download of " + uri + " failed at " + reached + " bytes: " + e.getMessage()
                            + (permanent.get() == UpdateResult.CONNECTION_LOST ? " (" + settings.retries()
                                    + " retries without progress)" : ""));
                    return;
                }
                Duration wait = retryWait(failures);
                Logger.warn("update: download of {} interrupted at {} bytes ({}); retry {} of {} in {} s", uri, reached,
                        e.getMessage(), failures, settings.retries(), wait.toSeconds());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private Duration retryWait(int failures) {
        Duration wait = settings.firstRetryWait().multipliedBy(1L << Math.min(failures - 1, 20));
        return wait.compareTo(UpdateSettings.MAX_RETRY_WAIT) > 0 ? UpdateSettings.MAX_RETRY_WAIT : wait;
    }

    private void received(long gen, long offset, byte[] data, long total, RatePacer pacer) throws FetchException {
        synchronized (this) {
            if (gen != generation) {
                throw new FetchException(FetchException.Kind.STOPPED, "the download was cancelled");
            }
            long have = partLength();
            if (offset != have) {
                throw new FetchException(FetchException.Kind.TRANSIENT, "a block at byte " + offset + " where " + have + " was due");
            }
            Optional<Answer> stopped = store(offset, data, false, total);
            if (stopped.isPresent()) {
                throw new FetchException(FetchException.Kind.STOPPED, "the download was refused");
            }
        }
        try {
            pacer.paced(data.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Kind.STOPPED, "the download was stopped");
        }
    }

    // ---- both

    /**
     * Stores a block of the download in progress: room, then the bytes, then (once they have
     * arrived) the package's head. Empty when stored; else the download has failed already.
     */
    private Optional<Answer> store(long offset, byte[] data, boolean last, long total) {
        if (total > 0) {
            expectedTotal = total;
        }
        if (total > 0 && !roomChecked) {
            Optional<Answer> noRoom = checkRoom(total, offset);
            if (noRoom.isPresent()) {
                return noRoom;
            }
        }
        try {
            spool.writePart(offset, data, last);
        } catch (IOException e) {
            String reason = "cannot store the package in " + spool.dir() + ": " + e.getMessage();
            fail(UpdateResult.NOT_ENOUGH_STORAGE, reason);
            return Optional.of(new Answer.NoRoom(reason));
        }
        if (!headChecked) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(spool.file(Spool.PART)))) {
                PackageArchive.Head head = PackageArchive.readHead(in);
                Manifest m = verifier.checkHead(head);
                headChecked = true;
                Logger.info("update: the package is {} {} ({} bytes), signed by the release key", m.product(), m.version(),
                        m.debSize());
                if (!roomChecked) {
                    return checkRoom(head.manifest().length + head.signature().map(s -> s.length).orElse(0) + m.debSize(),
                            offset + data.length);
                }
            } catch (java.io.EOFException notYet) {
                // the head has not arrived yet
            } catch (PackageRefusedException e) {
                fail(e.result(), "package refused: " + e.getMessage());
                return Optional.of(new Answer.Refused(e.getMessage()));
            } catch (IOException e) {
                fail(UpdateResult.NOT_ENOUGH_STORAGE, "cannot read back " + spool.file(Spool.PART) + ": " + e.getMessage());
                return Optional.of(new Answer.Failed(e.getMessage()));
            }
        }
        return Optional.empty();
    }

    private Optional<Answer> checkRoom(long total, long have) {
        roomChecked = true;
        try {
            long free = freeSpace.usableBytes(spool.dir());
            long need = Math.max(0, total - have) + settings.keepFree();
            if (free < need) {
                String reason = "no room for the package: " + (total - have) + " more bytes to store and "
                        + settings.keepFree() + " to keep free, " + free + " free in " + spool.dir();
                fail(UpdateResult.NOT_ENOUGH_STORAGE, reason);
                return Optional.of(new Answer.NoRoom(reason));
            }
        } catch (IOException e) {
            Logger.warn("update: cannot tell the free space of {} ({}); going on", spool.dir(), e.getMessage());
        }
        return Optional.empty();
    }

    /** Verifies the whole download of generation {@code gen}; it becomes the downloaded package, or is refused. */
    private void finish(long gen) {
        Manifest m;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(spool.file(Spool.PART)))) {
            m = verifier.verify(in, Optional.empty());
        } catch (PackageRefusedException e) {
            failIf(gen, e.result(), "package refused: " + e.getMessage());
            return;
        } catch (IOException e) {
            failIf(gen, UpdateResult.NOT_ENOUGH_STORAGE, "cannot read back the package: " + e.getMessage());
            return;
        }
        synchronized (this) {
            if (gen != generation || status.phase() != UpdatePhase.DOWNLOADING) {
                return;
            }
            try {
                spool.promotePart();
            } catch (IOException e) {
                fail(UpdateResult.NOT_ENOUGH_STORAGE, "cannot keep the package: " + e.getMessage());
                return;
            }
            partOf = Optional.empty();
            transition(new UpdateEvent.DownloadCompleted(m));
            Logger.info("update: {} {} downloaded and verified; waiting for Update", m.product(), m.version());
        }
    }

    @Override
    public synchronized Answer update() {
        if (!allowed(new UpdateEvent.UpdateRequested())) {
            return notNow();
        }
        transition(new UpdateEvent.UpdateRequested());
        deleteQuietly(Spool.RESULT, Spool.TAKEN);
        Logger.info("update: install of {} requested; the install helper takes over", status.downloaded().orElseThrow().version());
        writeRequest();
        return Answer.DONE;
    }

    private synchronized Answer cancel() {
        if (!allowed(new UpdateEvent.Cancelled())) {
            return notNow();
        }
        generation++;
        if (pull != null) {
            pull.cancel(true);
        }
        partOf = Optional.empty();
        deleteQuietly(Spool.PART, Spool.PACKAGE);
        transition(new UpdateEvent.Cancelled());
        Logger.info("update: cancelled; idle");
        return Answer.DONE;
    }

    // ---- the install helper

    /** What the install helper is asked to do: it re-verifies everything itself and trusts none of it. */
    private void writeRequest() {
        try {
            ObjectNode n = JSON.createObjectNode();
            n.put("format", 1);
            n.put("package", Spool.PACKAGE);
            n.put("package_sha256", HexFormat.of().formatHex(PackageBuilder.sha256(spool.file(Spool.PACKAGE))));
            n.put("version", status.downloaded().orElseThrow().version().toString());
            n.put("running", settings.running().toString());
            n.put("requested_at", clock.instant().toString());
            AtomicFile.writePrivate(spool.file(Spool.REQUEST), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        } catch (IOException e) {
            Logger.error("update: cannot write the install request {} ({}); trying again", spool.file(Spool.REQUEST),
                    e.getMessage());
        }
    }

    /** The helper's outcome, once it wrote one. */
    private synchronized void readResult() {
        if (status.phase() != UpdatePhase.UPDATING) {
            return;
        }
        Path file = spool.file(Spool.RESULT);
        if (!Files.exists(file)) {
            if (!Files.exists(spool.file(Spool.REQUEST)) && !Files.exists(spool.file(Spool.TAKEN))) {
                writeRequest(); // lost before the helper took it
            }
            return;
        }
        Manifest m = status.downloaded().orElseThrow();
        UpdateEvent event;
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            String outcome = n.path("outcome").asText("");
            String reason = n.path("reason").asText("");
            if (outcome.equals("installed") && n.hasNonNull("previous")) {
                previousVersion = Optional.of(n.get("previous").asText());
            }
            event = switch (outcome) {
                case "installed" -> m.version().equals(settings.running()) ? new UpdateEvent.UpdateSucceeded()
                        : new UpdateEvent.UpdateFailed("the install helper reports " + m.version() + " installed, but "
                                + settings.running() + " runs");
                case "failed", "rolled-back", "refused" -> new UpdateEvent.UpdateFailed(outcome + ": " + reason);
                default -> new UpdateEvent.UpdateFailed("the install helper's outcome \"" + outcome + "\" is not known");
            };
        } catch (IOException | RuntimeException e) {
            event = new UpdateEvent.UpdateFailed("the install helper's outcome is unreadable: " + e.getMessage());
        }
        transition(event);
        if (event instanceof UpdateEvent.UpdateSucceeded) {
            Logger.info("update: updated to {}", m.version());
            deleteQuietly(Spool.PACKAGE);
        } else {
            Logger.warn("update: the update to {} failed: {} (Update Result {})", m.version(), status.reason(),
                    UpdateResult.UPDATE_FAILED.describe());
        }
        deleteQuietly(Spool.RESULT, Spool.REQUEST, Spool.TAKEN);
    }

    // ---- housekeeping

    /** Every {@link #TICK}: a push that stopped arriving, the install helper's outcome. */
    void tick() {
        try {
            UpdatePhase phase;
            synchronized (this) {
                phase = status.phase();
                if (status.pushing() && clock.instant().isAfter(lastBlockAt.plus(settings.pushTimeout()))) {
                    fail(UpdateResult.CONNECTION_LOST, "the push stopped: no block for " + settings.pushTimeout().toSeconds() + " s");
                    return;
                }
            }
            if (phase == UpdatePhase.UPDATING) {
                readResult();
            }
        } catch (RuntimeException e) {
            Logger.error(e, "update: housekeeping failed");
        }
    }

    /** At start: a package kept from before the restart must still verify. */
    private void recheckDownloaded() {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(spool.file(Spool.PACKAGE)))) {
            verifier.verify(in, Optional.empty());
        } catch (PackageRefusedException | IOException e) {
            synchronized (this) {
                if (status.phase() == UpdatePhase.DOWNLOADED) {
                    Logger.warn("update: the downloaded package no longer verifies: {} (Update Result {})", e.getMessage(),
                            UpdateResult.INTEGRITY_FAILURE.describe());
                    transition(new UpdateEvent.PackageSpoiled(e.getMessage()));
                    deleteQuietly(Spool.PACKAGE);
                }
            }
        }
    }

    /** Ends the download in progress (of any generation) with a failure. */
    private synchronized void fail(UpdateResult result, String reason) {
        if (status.phase() != UpdatePhase.DOWNLOADING) {
            return;
        }
        Logger.warn("update: {} (Update Result {})", reason, result.describe());
        boolean resumable = result == UpdateResult.CONNECTION_LOST && status.source().orElseThrow() instanceof PackageSource.Pull;
        generation++;
        if (!resumable) {
            partOf = Optional.empty();
            deleteQuietly(Spool.PART);
        }
        transition(new UpdateEvent.DownloadFailed(result, reason));
    }

    private synchronized void failIf(long gen, UpdateResult result, String reason) {
        if (gen == generation) {
            fail(result, reason);
        }
    }

    private void restartDownload(Optional<URI> uri) {
        generation++;
        headChecked = false;
        roomChecked = false;
        partOf = uri;
        expectedTotal = -1;
        deleteQuietly(Spool.PART);
        resetRate();
    }

    private synchronized boolean allowed(UpdateEvent event) {
        return UpdateStateMachine.next(status, event).isPresent();
    }

    private synchronized Answer notNow() {
        return new Answer.NotNow("not allowed while " + status.phase().name().toLowerCase(Locale.ROOT)
                + (status.phase() == UpdatePhase.IDLE ? "" : "; cancel first by writing an empty package or package URI"));
    }

    /**
     * Applies an event the state machine allows now (callers check what a request may ask):
     * kept in {@code state.json} first, then observers are told, in order, on a thread of their
     * own (they call back, and must not wait for this lock).
     */
    private synchronized void transition(UpdateEvent event) {
        status = UpdateStateMachine.next(status, event).orElseThrow(
                () -> new IllegalStateException(event + " is not allowed in " + status));
        try {
            store.save(new UpdateStore.Saved(status, partOf, previousVersion));
        } catch (IOException e) {
            Logger.error("update: cannot keep the update state in {}: {}", spool.file(Spool.STATE), e.getMessage());
        }
        UpdateStatus now = status;
        notifier.execute(() -> listeners.forEach(l -> {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                Logger.error(e, "update: a status listener failed");
            }
        }));
    }

    private long partLength() {
        try {
            return spool.partLength();
        } catch (IOException e) {
            return 0;
        }
    }

    private void deleteQuietly(String... names) {
        for (String name : names) {
            try {
                spool.delete(name);
            } catch (IOException e) {
                Logger.warn("update: cannot delete {}: {}", spool.file(name), e.getMessage());
            }
        }
    }

    private static boolean isSecure(String scheme) {
        return scheme.equals("coaps") || scheme.equals("https");
    }
}
