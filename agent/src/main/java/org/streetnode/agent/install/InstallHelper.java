package org.streetnode.agent.install;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.client.AgentQuery;
import org.streetnode.agent.update.DebianVersion;
import org.streetnode.agent.update.Manifest;
import org.streetnode.agent.update.PackageRefusedException;
import org.streetnode.agent.update.PackageVerifier;
import org.tinylog.Logger;

/**
 * The privileged install helper: root's minimal half of a software update. It trusts nothing the
 * agent wrote. For each install, from the agent's spool or from a technician's file:
 *
 * <ol>
 *   <li>copies the package into its own directory (root's, 0700), a regular file only, never
 *       through a link, and verifies that copy with the release key from root's configuration
 *       against the version dpkg says is installed (never the agent's word);</li>
 *   <li>extracts the checked {@code .deb} on the way, and installs exactly that file;</li>
 *   <li>keeps the running version's package for the rollback (the one it installed last, else
 *       one rebuilt from the installed files, see {@link Dpkg#repack});</li>
 *   <li>installs with dpkg (non-interactive, changed conffiles kept), restarts the agent unless
 *       the package's own postinst did, and asks it over its shell socket until it proves itself
 *       ({@link HealthCheck}) or {@code [update] health_timeout} passes;</li>
 *   <li>if it does not, reinstalls the previous package and restarts the agent;</li>
 *   <li>tells the agent the outcome ({@code install-result.json}, written as the agent's user),
 *       or the technician on the terminal.</li>
 * </ol>
 *
 * Each step that changes the system is first kept in {@link Job}; a helper that starts and finds
 * one finishes it (see {@link #recover()}).
 */
public final class InstallHelper {
    /** The largest package the helper copies (a streetnode package is about 13 MB). */
    static final long MAX_PACKAGE_BYTES = 256L * 1024 * 1024;
    static final String INCOMING = "incoming.snpkg";
    static final String NEW_DEB = "new.deb";
    static final String KEPT = "kept";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How an install ended, as the agent and the technician are told. */
    public record Outcome(Kind kind, String version, Optional<String> previous, String reason) {
        public enum Kind { INSTALLED, ROLLED_BACK, FAILED, REFUSED }

        public String word() {
            return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        byte[] json() throws IOException {
            ObjectNode n = JSON.createObjectNode();
            n.put("format", 1);
            n.put("outcome", word());
            n.put("version", version);
            previous.ifPresent(p -> n.put("previous", p));
            n.put("reason", reason);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        }
    }

    private final HelperSettings settings;
    private final Path stateDir;
    private final Dpkg dpkg;
    private final AgentService agent;
    private final HealthCheck health;
    private final SpoolAccess spool;
    private final int owner;

    /** Another helper is at work (it holds the lock). */
    public static final class BusyException extends Exception {
        BusyException(Path lock) {
            super("another install helper is at work (" + lock + " is locked)");
        }
    }

    /**
     * The helper for this system, or for a staging root without systemd.
     *
     * @param root "/" or a staging root (dpkg --root)
     * @param configFile root's configuration
     * @param stateDir the helper's own directory (root's, 0700): the job, the copy, the kept package
     * @param serviceCommand restarts the agent as {@code COMMAND restart}; empty: systemd
     */
    public static InstallHelper of(Path root, Path configFile, Path stateDir, Optional<String> serviceCommand)
            throws InstallRefusedException, IOException {
        HelperSettings settings = HelperSettings.load(configFile, 0);
        return new InstallHelper(settings, stateDir, new Dpkg(root),
                serviceCommand.map(AgentService::command).orElse(AgentService.SYSTEMD), 0);
    }

    /**
     * One run: first an install a stopped helper left, then the technician's {@code file} or
     * else the agent's request. Empty when there was nothing to do.
     */
    public Optional<Outcome> run(Optional<Path> file) throws IOException, InterruptedException, InstallRefusedException,
            BusyException {
        Optional<FileLock> lock = lock();
        if (lock.isEmpty()) {
            throw new BusyException(stateDir.resolve("lock"));
        }
        try (FileChannel held = lock.get().channel()) {
            Optional<Outcome> recovered = recover();
            if (file.isPresent()) {
                return Optional.of(fromFile(file.get()));
            }
            return fromSpool().or(() -> recovered);
        }
    }

    /**
     * @param stateDir the helper's own directory (root's, 0700): the job, the copy, the kept package
     * @param owner who must own what the helper trusts (root: 0)
     */
    InstallHelper(HelperSettings settings, Path stateDir, Dpkg dpkg, AgentService agent, int owner) {
        this.settings = settings;
        this.stateDir = stateDir.toAbsolutePath();
        this.dpkg = dpkg;
        this.agent = agent;
        this.health = new HealthCheck(settings.socket());
        this.spool = new SpoolAccess(settings.spoolDir());
        this.owner = owner;
    }

    /** Holds the helper's lock: one helper at a time. Empty when another holds it. */
    Optional<FileLock> lock() throws IOException, InstallRefusedException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        TrustedFiles.requireOwnedDirectory(stateDir, owner, "the helper's directory");
        FileChannel ch = FileChannel.open(stateDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
        }
        return Optional.ofNullable(lock);
    }

    /** Finishes an install a stopped helper left (none: empty). */
    Optional<Outcome> recover() throws IOException, InterruptedException {
        Optional<Job> left = Job.load(stateDir);
        if (left.isEmpty()) {
            return Optional.empty();
        }
        Job job = left.get();
        Logger.warn("install: found the install of {} over {} {} when the helper stopped; {}", job.version(), job.previous(),
                job.phase().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                job.phase() == Job.Phase.CHECKING ? "checking it again" : "rolling back");
        Outcome o = switch (job.phase()) {
            case INSTALLING -> rollBack(job.rollingBack("the install of " + job.version()
                    + " was cut short (the helper stopped or the power failed during dpkg)"));
            case ROLLING_BACK -> rollBack(job);
            case CHECKING -> {
                ensureRunning(job.version());
                yield check(job);
            }
        };
        report(job.fromSpool(), o);
        return Optional.of(o);
    }

    /** The agent's request, if it made one: taken, carried out, and answered in its spool. */
    Optional<Outcome> fromSpool() throws IOException, InterruptedException {
        if (!spool.requested()) {
            return Optional.empty();
        }
        spool.take();
        Outcome o = install(spool.packageFile(), true);
        report(true, o);
        return Optional.of(o);
    }

    /** A technician's package. */
    Outcome fromFile(Path file) throws IOException, InterruptedException {
        Outcome o = install(file, false);
        report(false, o);
        return o;
    }

    private Outcome install(Path source, boolean fromSpool) throws IOException, InterruptedException {
        Optional<String> running = dpkg.installedVersion();
        if (running.isEmpty()) {
            return refused("", Optional.empty(), "streetnode is not installed (dpkg knows no configured streetnode)");
        }
        Path copy = stateDir.resolve(INCOMING);
        Path deb = stateDir.resolve(NEW_DEB);
        Manifest m;
        try {
            TrustedFiles.copyUntrusted(source, copy, MAX_PACKAGE_BYTES);
            m = verify(copy, deb, running.get());
        } catch (InstallRefusedException e) {
            return refused("", running, e.getMessage());
        } finally {
            Files.deleteIfExists(copy);
        }
        String version = m.version().toString();
        Path previousDeb;
        try {
            Dpkg.DebInfo info = dpkg.inspect(deb);
            if (!info.name().equals(Dpkg.PACKAGE) || !info.version().equals(version)) {
                throw new InstallRefusedException("the signed manifest names " + Dpkg.PACKAGE + " " + version
                        + " but the .deb is " + info.name() + " " + info.version());
            }
            previousDeb = rollbackPackage(running.get());
        } catch (InstallRefusedException e) {
            Files.deleteIfExists(deb);
            return refused(version, running, e.getMessage());
        }
        Job job = new Job(Job.Phase.INSTALLING, version, running.get(), previousDeb, fromSpool, "");
        job.save(stateDir);
        Logger.info("install: installing {} over {} (the previous package is kept as {})", version, running.get(), previousDeb);
        try {
            dpkg.install(deb);
        } catch (IOException e) {
            return rollBack(job.rollingBack("dpkg could not install " + version + ": " + e.getMessage()));
        }
        job = job.in(Job.Phase.CHECKING);
        job.save(stateDir);
        try {
            ensureRunning(version);
        } catch (IOException e) {
            return rollBack(job.rollingBack("the agent could not be restarted on " + version + ": " + e.getMessage()));
        }
        return check(job);
    }

    /** Verifies the helper's own copy; the {@code .deb} it extracts on the way is what gets installed. */
    private Manifest verify(Path copy, Path deb, String running) throws IOException, InstallRefusedException {
        PackageVerifier verifier;
        try {
            verifier = new PackageVerifier(settings.releaseKey(), DebianVersion.parse(running), settings.allowDowngrade());
        } catch (IllegalArgumentException e) {
            throw new InstallRefusedException("the installed version \"" + running + "\" is not one the helper compares: "
                    + e.getMessage());
        }
        Files.deleteIfExists(deb);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(copy));
                FileChannel ch = FileChannel.open(deb, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch))) {
            Manifest m = verifier.verify(in, Optional.of(out));
            out.flush();
            ch.force(true);
            return m;
        } catch (PackageRefusedException e) {
            Files.deleteIfExists(deb);
            throw new InstallRefusedException("package refused (Update Result " + e.result().describe() + "): " + e.getMessage());
        }
    }

    /**
     * The package of the running version, for a rollback: the one the helper kept when it
     * installed it, else one rebuilt from the installed files (a node installed by hand or by
     * apt, before its first update).
     */
    private Path rollbackPackage(String running) throws IOException, InstallRefusedException {
        Path kept = Files.createDirectories(stateDir.resolve(KEPT));
        Path deb = kept.resolve(Dpkg.PACKAGE + "_" + running + "_all.deb");
        if (Files.isRegularFile(deb) && dpkg.inspect(deb).version().equals(running)) {
            return deb;
        }
        Logger.info("install: no kept package of the running {}; rebuilding it from the installed files", running);
        dpkg.repack(stateDir.resolve("repack"), deb);
        return deb;
    }

    /** After dpkg: the package's postinst restarts a running agent; start it if that did not happen. */
    private void ensureRunning(String version) throws IOException {
        try {
            if (AgentQuery.ask(settings.socket(), Command.STATUS, java.time.Duration.ofSeconds(3)).path("version").asText()
                    .equals(version)) {
                return;
            }
        } catch (AgentQuery.Unanswered e) {
            // not running (yet): start it
        }
        Logger.info("install: restarting the agent on {}", version);
        agent.restart();
    }

    private Outcome check(Job job) throws IOException, InterruptedException {
        Logger.info("install: {} has {} to prove itself: running, registered, its loops making progress", job.version(),
                org.streetnode.agent.units.Units.formatDuration(settings.healthTimeout()));
        Optional<String> lacking = health.await(job.version(), settings.healthTimeout());
        if (lacking.isPresent()) {
            return rollBack(job.rollingBack(job.version() + " did not prove itself within "
                    + org.streetnode.agent.units.Units.formatDuration(settings.healthTimeout()) + ": " + lacking.get()));
        }
        Path kept = Files.createDirectories(stateDir.resolve(KEPT));
        Path newDeb = stateDir.resolve(NEW_DEB);
        if (Files.isRegularFile(newDeb)) {
            Files.move(newDeb, kept.resolve(Dpkg.PACKAGE + "_" + job.version() + "_all.deb"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (var old = Files.list(kept)) {
            for (Path p : old.toList()) {
                if (!p.getFileName().toString().equals(Dpkg.PACKAGE + "_" + job.version() + "_all.deb")) {
                    Files.delete(p);
                }
            }
        }
        Job.clear(stateDir);
        Logger.info("install: {} installed and proven; its package is kept for the next update's rollback", job.version());
        return new Outcome(Outcome.Kind.INSTALLED, job.version(), Optional.of(job.previous()),
                job.version() + " runs, registered, its loops making progress");
    }

    private Outcome rollBack(Job job) throws IOException {
        job.save(stateDir);
        Logger.warn("install: {}; rolling back to {}", job.reason(), job.previous());
        try {
            dpkg.install(job.previousDeb());
            agent.restart();
        } catch (IOException e) {
            // The job stays: the next start of the helper (the boot) tries the rollback again.
            Logger.error("install: the rollback to {} failed: {}", job.previous(), e.getMessage());
            return new Outcome(Outcome.Kind.FAILED, job.version(), Optional.of(job.previous()),
                    job.reason() + "; the rollback to " + job.previous() + " failed too: " + e.getMessage());
        }
        Files.deleteIfExists(stateDir.resolve(NEW_DEB));
        Job.clear(stateDir);
        Logger.warn("install: rolled back to {}", job.previous());
        return new Outcome(Outcome.Kind.ROLLED_BACK, job.version(), Optional.of(job.previous()),
                job.reason() + "; " + job.previous() + " reinstalled");
    }

    private Outcome refused(String version, Optional<String> running, String reason) {
        Logger.warn("install: refused, nothing installed: {}", reason);
        return new Outcome(Outcome.Kind.REFUSED, version, running, reason);
    }

    /** The agent reads the outcome from its spool; a technician's install has it printed instead. */
    private void report(boolean toSpool, Outcome o) throws IOException {
        if (toSpool) {
            spool.writeResult(o.json());
        }
    }
}
