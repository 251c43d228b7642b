package org.streetnode.agent.shell;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.ShellConfig;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.health.Health;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.agent.lifecycle.Service;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.logging.RecentLog;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.supervision.LivenessProbe;
import org.tinylog.Logger;

/**
 * The maintenance shell's admin channel: listens on {@code [shell] socket}, serves each client on
 * a virtual thread (at most {@code max_clients}; more are answered "busy"), and answers from the
 * parts the composition root registered through the {@link Builder}.
 *
 * <p>The shell must never take the lamp down with it: if the socket cannot be opened, the agent
 * runs on without a shell and says why in the log.
 */
public final class ShellService implements Service {
    /** Connections the kernel queues before the agent accepts them (and answers "busy" past max_clients). */
    private static final int BACKLOG = 64;

    private final ShellConfig config;
    private final ShellParts parts;
    private final ShellCommands commands;
    private final Clock clock;
    private final AgentThreads threads;
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile Instant startedAt;
    private ServerSocketChannel server;
    private Thread acceptor;
    private ScheduledExecutorService timers;

    private ShellService(Builder b) {
        this.config = b.config.shell();
        this.clock = b.clock;
        this.threads = b.threads;
        this.parts = new ShellParts(b.config, b.version, b.identity, b.health, b.registration, b.topics,
                Optional.ofNullable(b.lamp), Optional.ofNullable(b.trends), b.log,
                () -> startedAt, Optional.ofNullable(b.clockSync), b.loops);
        this.commands = new ShellCommands(parts, clock, config.maxLampOverride());
        this.startedAt = clock.instant();
    }

    /**
     * @param registration where registration stands (the LwM2M client's status)
     */
    public static Builder builder(StreetnodeConfig config, Clock clock, String version, BoardIdentity identity,
            Health health, Supplier<RegistrationStatus> registration) {
        return new Builder(config, clock, version, identity, health, registration);
    }

    @Override
    public String name() {
        return "shell";
    }

    @Override
    public synchronized void start() {
        startedAt = clock.instant();
        AccessPolicy policy;
        try {
            LibC.checkArchitecture();
            ChannelDescriptor.check();
            policy = AccessPolicy.resolve(config.maintenanceGroup(), config.operatorGroup());
            server = ShellSocket.open(config.socket(), policy.maintenanceGid(), config.maintenanceGroup(), BACKLOG);
        } catch (IOException | RuntimeException | LinkageError e) {
            Logger.error("shell: not available, the agent runs on without it: {}", e.getMessage());
            return;
        }
        if (policy.operatorGid().isEmpty()) {
            Logger.warn("shell: group {} does not exist: only root may act (lamp override, selftest)", config.operatorGroup());
        }
        timers = Executors.newSingleThreadScheduledExecutor(threads.of("shell-timers"));
        AccessPolicy access = policy;
        acceptor = threads.of("shell-accept").newThread(() -> accept(access));
        acceptor.start();
        Logger.info("shell: listening on {} (group {}, operators {})", config.socket(), config.maintenanceGroup(),
                config.operatorGroup());
    }

    private void accept(AccessPolicy policy) {
        Semaphore slots = new Semaphore(config.maxClients());
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return; // stopping
            } catch (IOException e) {
                Logger.error("shell: accept failed: {}", e.getMessage());
                continue;
            }
            ClientSession session = new ClientSession(channel, config, policy, commands, timers);
            if (!slots.tryAcquire()) {
                refuseBusy(channel);
                continue;
            }
            sessions.add(session);
            Thread.ofVirtual().name("shell-client").start(() -> {
                try {
                    session.serve();
                } finally {
                    session.close();
                    sessions.remove(session);
                    slots.release();
                }
            });
        }
    }

    /** An answer of a hundred bytes to a fresh socket fits its buffer: this write does not block. */
    private void refuseBusy(SocketChannel channel) {
        try (channel) {
            channel.write(java.nio.ByteBuffer.wrap((ShellProtocol.error(ErrorCode.BUSY, "the agent serves "
                    + config.maxClients() + " shell clients at once ([shell] max_clients); try again") + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // the client is gone already
        }
        Logger.warn("shell: too many clients ({}), one refused", config.maxClients());
    }

    @Override
    public synchronized void stop() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        server.close();
        acceptor.join(1000);
        sessions.forEach(ClientSession::close);
        timers.shutdownNow();
        Files.deleteIfExists(config.socket());
        server = null;
    }

    /** What the shell can show and drive; the composition root adds each part it has. */
    public static final class Builder {
        private final StreetnodeConfig config;
        private final Clock clock;
        private final String version;
        private final BoardIdentity identity;
        private final Health health;
        private final Supplier<RegistrationStatus> registration;
        private final Map<Topic, DiagnosticsSource<?>> topics = new EnumMap<>(Topic.class);
        private RecentLog log;
        private LampControl lamp;
        private Trends trends;
        private java.util.function.BooleanSupplier clockSync;
        private List<LivenessProbe> loops = List.of();
        private AgentThreads threads = AgentThreads.dedicated();

        private Builder(StreetnodeConfig config, Clock clock, String version, BoardIdentity identity, Health health,
                Supplier<RegistrationStatus> registration) {
            this.config = config;
            this.clock = clock;
            this.version = version;
            this.identity = identity;
            this.health = health;
            this.registration = registration;
            this.log = new RecentLog(config.shell().logLines());
        }

        /** Registers the source of one area; the shell shows "not available in this build" for areas without one. */
        public Builder topic(Topic topic, DiagnosticsSource<?> source) {
            topics.put(topic, source);
            return this;
        }

        /** The lamp: {@code lamp} shows it; operators may override it for a bounded time. */
        public Builder lamp(LampControl control) {
            this.lamp = control;
            return this;
        }

        /** Whether the wall clock is synchronised (a Pi has no RTC), for {@code status}. */
        public Builder clockSync(java.util.function.BooleanSupplier synchronised) {
            this.clockSync = synchronised;
            return this;
        }

        /** The loops whose progress {@code status} shows (rounds so far), as the watchdog judges them. */
        public Builder loops(List<LivenessProbe> probes) {
            this.loops = List.copyOf(probes);
            return this;
        }

        /** Keeps the last minutes of every reading for {@code top}'s sparklines. */
        public Builder readings(ReadingBus bus) {
            this.trends = new Trends(clock);
            bus.subscribe(trends::record);
            return this;
        }

        /** The ring {@code log} reads: the agent's, fed by its log; without one the shell's log is empty. */
        public Builder log(RecentLog ring) {
            this.log = ring;
            return this;
        }

        /** Where the acceptor and the timers run (clients always get a virtual thread each). */
        public Builder threads(AgentThreads agentThreads) {
            this.threads = agentThreads;
            return this;
        }

        public ShellService build() {
            return new ShellService(this);
        }
    }
}
