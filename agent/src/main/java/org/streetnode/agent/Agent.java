package org.streetnode.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.board.BoardPorts;
import org.streetnode.agent.board.BoardService;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.delivery.BufferService;
import org.streetnode.agent.delivery.UplinkConditions;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.AgentVersion;
import org.streetnode.agent.lifecycle.InstanceLock;
import org.streetnode.agent.lifecycle.Lifecycle;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.lighting.LightingControl;
import org.streetnode.agent.lighting.LightingService;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.logging.RecentLog;
import org.streetnode.agent.lwm2m.Lwm2mClientService;
import org.streetnode.agent.lwm2m.NodeObjects;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.network.NetworkProbe;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.agent.sampling.SamplingService;
import org.streetnode.agent.sampling.SensorStatus;
import org.streetnode.agent.shell.NetworkDiagnostics;
import org.streetnode.agent.shell.DiagnosticsSource;
import org.streetnode.agent.shell.SensorsDiagnostics;
import org.streetnode.agent.shell.ShellService;
import org.streetnode.agent.shell.Topic;
import org.streetnode.agent.supervision.LivenessProbe;
import org.streetnode.agent.supervision.SupervisionService;
import org.streetnode.agent.supervision.Supervisor;
import org.streetnode.agent.time.AgentClocks;
import org.streetnode.agent.time.ClockSync;
import org.streetnode.agent.update.UpdateControl;
import org.streetnode.agent.update.UpdateService;
import org.streetnode.agent.update.UpdateView;
import org.tinylog.Logger;

/**
 * The composition root: builds every part of the agent from the configuration, starts them in
 * dependency order and stops them in reverse. Nothing else constructs services, and there are no
 * static singletons: two agents can run in one JVM (tests do).
 */
public final class Agent {
    private final StreetnodeConfig config;
    private final Lifecycle lifecycle = new Lifecycle();
    private final Health health;
    private final ReadingBus readings = new ReadingBus();
    private final ReadingStatistics statistics;
    private final BoardService board;
    private final SamplingService sampling;
    private final Optional<LightingService> lighting;
    private final Lwm2mClientService lwm2m;
    private final BufferService buffer;
    private final Optional<UpdateService> update;
    /** The last lines of the log for the shell, fed from construction until {@link #stop()}. */
    private final RecentLog recentLog;

    private Agent(StreetnodeConfig config, AgentClocks clocks, Runnable restart, Supervisor supervisor, AgentThreads threads,
            Hardware hardware) {
        Clock clock = clocks.node();
        this.config = config;
        this.recentLog = new RecentLog(config.shell().logLines());
        Logging.attach(recentLog);
        this.health = new Health(clock);
        this.statistics = new ReadingStatistics(readings, clock);
        BoardIdentity identity = BoardIdentity.of(config.board(), config.node().endpoint());
        ClockSync clockSync = config.board().kind() == BoardProfile.Kind.SIMULATED ? ClockSync.trusted() : hardware.clockSync();

        board = new BoardService(config.board(), config.location(), clock, threads, hardware.ports());
        sampling = new SamplingService(board::board, config.sampling(), readings, health, clock, clockSync::synchronised,
                threads);
        lighting = config.board().lamp().map(lamp -> new LightingService(config, board::board, readings, health, clock,
                clockSync::synchronised, threads));

        // The buffer sends through the LwM2M client, and the client shows where the buffer stands:
        // the objects and the uplink first, then the buffer, then the client with the buffer's object.
        // Updates pull over coaps:// with the node's credentials towards its LwM2M server.
        NodeObjects objects = new NodeObjects(config, identity, clock, health, readings, statistics, lighting(), restart,
                threads);
        update = UpdateService.fromConfig(config.update(), config.lwm2m().lab(), AgentVersion.get(),
                objects.serverCredentials());
        buffer = new BufferService(config.buffer(), objects.batchSender(), objects.uplink(), readings, health, clock,
                clocks.network(), clockSync::synchronised, threads);
        lwm2m = objects.client(buffer::sequence, update.map(UpdateControl.class::cast));

        // The loops the watchdog feeds on; the shell's status shows them to the install helper too.
        List<LivenessProbe> loops = new java.util.ArrayList<>();
        lighting.ifPresent(l -> loops.add(new LivenessProbe("lighting", l::progress)));
        loops.add(new LivenessProbe("sampling", sampling::progress));

        // The maintenance shell: each area registers what it shows (Topic) and what crews may drive.
        ShellService.Builder shellParts = ShellService.builder(config, clock, AgentVersion.get(), identity, health, lwm2m::status)
                .clockSync(clockSync::synchronised)
                .log(recentLog)
                .readings(readings)
                .topic(Topic.SENSORS, new SensorsDiagnostics(sampling::statuses, readings, clock))
                .topic(Topic.LWM2M, lwm2m::diagnostics)
                .topic(Topic.NET, new NetworkDiagnostics(new NetworkProbe()))
                .topic(Topic.BUFFER, () -> buffer.status().orElseThrow())
                .topic(Topic.UPDATE, update.<DiagnosticsSource<?>>map(u -> u::view).orElse(() -> UpdateView.OFF))
                .loops(loops)
                .threads(threads);
        lighting.ifPresent(l -> shellParts.lamp(l).topic(Topic.LAMP_MONITOR, () -> l.monitor().summary()));
        ShellService shell = shellParts.build();

        lifecycle.add(directories(config.node().dataDir(), config.node().runtimeDir()))
                .add(new InstanceLock(config.node().dataDir()))
                .add(board);
        // Lighting before sampling and the network: the lamp is right within a second of start.
        lighting.ifPresent(lifecycle::add);
        // The update state before the platform can read it.
        update.ifPresent(lifecycle::add);
        // The client next: its handshake and registration run on their own threads while the buffer
        // opens its store (the buffer takes the uplink's state as it finds it, and shows nothing
        // to the platform before it runs).
        lifecycle.add(lwm2m);
        // The buffer before sampling, so no reading is taken that it could not keep.
        lifecycle.add(buffer)
                .add(sampling)
                .add(shell);

        // Last: READY=1 once all else runs; the watchdog is fed while lighting and sampling progress.
        lifecycle.add(new SupervisionService(supervisor, loops, "running: endpoint " + config.node().endpoint(), health));
    }

    /**
     * @param restart what the platform's Reboot (/3/0/4) does: stop the agent and exit so that
     *     its supervisor (systemd) starts it again
     */
    public static Agent create(StreetnodeConfig config, Clock clock, Runnable restart) {
        return new Agent(config, AgentClocks.of(clock), restart, Supervisor.none(), AgentThreads.dedicated(), Hardware.NODE);
    }

    /** An agent whose uplink keeps its own clock (the demo runs the node's clock fast: {@link AgentClocks}). */
    public static Agent create(StreetnodeConfig config, AgentClocks clocks, Runnable restart) {
        return new Agent(config, clocks, restart, Supervisor.none(), AgentThreads.dedicated(), Hardware.NODE);
    }

    /** @param supervisor systemd, when the agent runs as its service: told READY=1 and fed the watchdog */
    public static Agent create(StreetnodeConfig config, Clock clock, Runnable restart, Supervisor supervisor) {
        return new Agent(config, AgentClocks.of(clock), restart, supervisor, AgentThreads.dedicated(), Hardware.NODE);
    }

    /**
     * @param threads where every part gets its threads: dedicated ones for a node on its own,
     *     shared ones for many agents in one JVM (the fleet simulator)
     */
    public static Agent create(StreetnodeConfig config, Clock clock, Runnable restart, Supervisor supervisor,
            AgentThreads threads) {
        return new Agent(config, AgentClocks.of(clock), restart, supervisor, threads, Hardware.NODE);
    }

    /**
     * An agent whose {@code raspberry-pi} board is wired to other ports than Pi4J's and whose wall
     * clock is judged by {@code clockSync} rather than the kernel: the footprint benchmark runs a
     * real node's profile over the register-level emulators this way.
     */
    public static Agent create(StreetnodeConfig config, Clock clock, Runnable restart, BoardPorts ports,
            ClockSync clockSync) {
        return new Agent(config, AgentClocks.of(clock), restart, Supervisor.none(), AgentThreads.dedicated(),
                new Hardware(ports, clockSync));
    }

    /** What a {@code raspberry-pi} board's agent gets from the machine: its ports and the kernel's word on the clock. */
    private record Hardware(BoardPorts ports, ClockSync clockSync) {
        /** Pi4J and adjtimex(2); the kernel is asked (and JNA loaded) only once an agent on a real board asks. */
        static final Hardware NODE = new Hardware(BoardPorts.pi4j(), () -> ClockSync.kernel().synchronised());
    }

    public void start() throws Lifecycle.StartException {
        lifecycle.start();
        var server = config.lwm2m().firstContact();
        Logger.info("agent: streetnode {} running: endpoint {}, board {} ({} sensors), server {} ({}), data in {}",
                AgentVersion.get(), config.node().endpoint(), config.board().source(), config.board().sensors().size(),
                server.map(a -> a.uri().toString()).orElse("-"), server.map(a -> a.security().mode()).orElse("-"),
                config.node().dataDir());
    }

    /** Stops every part in reverse order; returns the names of parts that did not stop cleanly. */
    public List<String> stop() {
        List<String> failed = lifecycle.stop();
        Logging.detach(recentLog);
        return failed;
    }

    public StreetnodeConfig config() {
        return config;
    }

    public Health health() {
        return health;
    }

    public RegistrationStatus registration() {
        return lwm2m.status();
    }

    /** Where sampling publishes readings (and tests publish theirs). */
    public ReadingBus readings() {
        return readings;
    }

    public ReadingStatistics statistics() {
        return statistics;
    }

    /** The LwM2M connection as the buffer needs it (registered, Mute Send, Notification Storing). */
    public UplinkConditions uplink() {
        return lwm2m.uplink();
    }

    public Lwm2mClientService lwm2m() {
        return lwm2m;
    }

    /** The local buffer and its delivery to the platform. */
    public BufferService buffer() {
        return buffer;
    }

    public List<SensorStatus> sensors() {
        return sampling.statuses();
    }

    /** Lighting, when the board profile has a lamp: what the LwM2M objects and the shell build on. */
    public Optional<LightingControl> lighting() {
        return lighting.map(l -> l);
    }

    /** The opened board (after start): its lamp, and on the simulated board the simulation. */
    public Board board() {
        return board.board();
    }

    /**
     * Creates the data (0700: buffer and state are the node's own) and runtime directories. The
     * runtime directory is 0751: crews reach the shell socket by its name (its own mode and group
     * decide who may connect) but cannot list the directory.
     */
    private static Service directories(Path dataDir, Path runtimeDir) {
        return new Service() {
            @Override
            public String name() {
                return "directories";
            }

            @Override
            public void start() throws IOException {
                create(dataDir, "rwx------");
                create(runtimeDir, "rwxr-x--x");
            }

            @Override
            public void stop() {
                // the directories stay: they hold what must survive a restart
            }

            private void create(Path dir, String mode) throws IOException {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
                }
                if (!Files.isWritable(dir)) {
                    throw new IOException(dir + " is not writable by this user");
                }
            }
        };
    }
}
