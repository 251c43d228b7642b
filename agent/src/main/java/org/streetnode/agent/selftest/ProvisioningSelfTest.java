package org.streetnode.agent.selftest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.board.BoardFactory;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.Lwm2mConfig;
import org.streetnode.agent.files.AtomicFile;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;
import org.streetnode.agent.shell.Command;
import org.streetnode.agent.shell.client.AgentQuery;
import org.streetnode.agent.time.ClockSync;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.PortException;

/**
 * The provisioning report: the hardware, the clock, the disk, DNS and a route to the server, the
 * DTLS handshake and the registration. With the agent stopped, the hardware is tested directly
 * and a short-lived client registers with the node's own credentials. With the agent running,
 * the hardware is the agent's (two users of one I2C bus and one lamp would disturb each other and
 * the lamp), so that part is skipped, and registration is read from the agent itself.
 */
public final class ProvisioningSelfTest {
    /** The report's files in the data directory. */
    public static final String JSON_FILE = "selftest.json";
    public static final String TEXT_FILE = "selftest.txt";

    /**
     * @param registrationLimit how long the short-lived client may take to register
     * @param shellTimeout how long a running agent may take to answer
     */
    public record Settings(Clock clock, Delay delay, Duration registrationLimit, Duration shellTimeout) {
        public static Settings defaults() {
            return new Settings(Clock.systemUTC(), Delay.sleeping(), Duration.ofSeconds(30), Duration.ofSeconds(5));
        }
    }

    private ProvisioningSelfTest() {
    }

    public static SelfTestReport run(StreetnodeConfig config, Settings settings) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        try (AgentPresence presence = AgentPresence.look(config.node().dataDir())) {
            boolean running = presence.agentRunning();
            checks.addAll(running ? List.of(Check.skip("hardware", "all devices", "the agent is running and holds the "
                    + "hardware: stop it (systemctl stop streetnode) to test it; `streetnode shell sensors` shows what it reads"))
                    : hardware(config, settings));
            boolean simulated = config.board().kind() == BoardProfile.Kind.SIMULATED;
            checks.add(SystemChecks.clock(simulated ? Optional.empty() : Optional.<BooleanSupplier>of(ClockSync.kernel()::synchronised)));
            checks.add(SystemChecks.disk(config.node().dataDir(), config.buffer().store().quotaBytes()));
            for (Lwm2mConfig.ServerAccount server : servers(config)) {
                checks.addAll(SystemChecks.network(server.uri()));
            }
            checks.addAll(running ? fromRunningAgent(config, settings) : withShortLivedClient(config, settings));
        }
        return new SelfTestReport(settings.clock().instant(), checks);
    }

    private static List<Check> hardware(StreetnodeConfig config, Settings settings) {
        try (Board board = BoardFactory.open(config.board(), config.location(), settings.clock(), settings.delay(), true)) {
            return new HardwareSelfTest(board, config.board(), settings.delay()).run();
        } catch (PortException e) {
            return List.of(Check.fail("hardware", "board", "cannot open the board: " + e.getMessage()));
        }
    }

    /** The servers the config names: the LwM2M server, the bootstrap server, or both (the first is contacted first). */
    static List<Lwm2mConfig.ServerAccount> servers(StreetnodeConfig config) {
        List<Lwm2mConfig.ServerAccount> servers = new ArrayList<>();
        config.lwm2m().server().ifPresent(servers::add);
        config.lwm2m().bootstrap().ifPresent(servers::add);
        return servers;
    }

    private static List<Check> withShortLivedClient(StreetnodeConfig config, Settings settings) throws InterruptedException {
        Lwm2mConfig.ServerAccount first = servers(config).get(0);
        long start = System.nanoTime();
        Optional<RegistrationStatus> outcome;
        try {
            outcome = ShortLivedClient.register(config, settings.clock(), settings.registrationLimit());
        } catch (IOException | RuntimeException e) {
            return List.of(Check.fail("lwm2m", "registration", "the LwM2M client could not start: " + e.getMessage()));
        }
        Duration waited = outcome.isPresent() ? Duration.ofNanos(System.nanoTime() - start) : settings.registrationLimit();
        return Lwm2mChecks.of(first.uri(), first.security().mode(), outcome, waited);
    }

    private static List<Check> fromRunningAgent(StreetnodeConfig config, Settings settings) {
        try {
            return Lwm2mChecks.ofRunningAgent(AgentQuery.ask(config.shell().socket(), Command.LWM2M, settings.shellTimeout()));
        } catch (AgentQuery.Unanswered e) {
            return List.of(Check.fail("lwm2m", "registration (running agent)", "cannot ask the agent: " + e.getMessage()));
        }
    }

    /**
     * Saves the report as {@code selftest.json} and {@code selftest.txt} in the data directory,
     * each replaced atomically (mode 0600, like everything there).
     */
    public static void save(SelfTestReport report, Path dataDir) throws IOException {
        AtomicFile.writePrivate(dataDir.resolve(JSON_FILE), (report.json() + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFile.writePrivate(dataDir.resolve(TEXT_FILE), report.table().getBytes(StandardCharsets.UTF_8));
    }
}
