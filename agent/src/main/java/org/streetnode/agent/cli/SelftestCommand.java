package org.streetnode.agent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.board.BoardFactory;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.ConfigProblem;
import org.streetnode.agent.config.LocationConfig;
import org.streetnode.agent.config.LoggingConfig;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.selftest.HardwareSelfTest;
import org.streetnode.agent.selftest.ProvisioningSelfTest;
import org.streetnode.agent.selftest.SelfTestReport;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.PortException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"The provisioning report: every device probed and read once, the lamp switched and its power "
                + "checked; the clock's synchronisation; disk space in the data directory; DNS and a route to the "
                + "server; the DTLS handshake and registration with the node's own credentials. Saved as "
                + "selftest.json and selftest.txt in the data directory.",
                "With the agent running, the hardware is the agent's: that part is skipped and registration is read "
                        + "from the agent. With --board, only the hardware of that profile is tested."},
        footer = {"", ExitCodes.HELP})
final class SelftestCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/streetnode/streetnode.toml",
            description = "the node's config file (default: ${DEFAULT-VALUE})")
    Path configFile;

    @Option(names = "--board", paramLabel = "FILE", description = "test only the hardware of this board profile "
            + "(before it is used), without a config")
    Path boardFile;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Logging.configure(LoggingConfig.console(LoggingConfig.Level.WARN));
        return boardFile != null ? hardwareOnly() : full();
    }

    private int full() throws InterruptedException {
        StreetnodeConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            System.err.println("INVALID: " + configFile);
            e.problems().stream().map(ConfigProblem::toString).forEach(p -> System.err.println("  " + p));
            return ExitCodes.CONFIG;
        }
        SelfTestReport report = ProvisioningSelfTest.run(config, ProvisioningSelfTest.Settings.defaults());
        print(report);
        Path dataDir = config.node().dataDir();
        if (Files.isDirectory(dataDir)) {
            try {
                ProvisioningSelfTest.save(report, dataDir);
            } catch (IOException e) {
                System.err.println("streetnode: could not save the report in " + dataDir + ": " + e.getMessage());
            }
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private int hardwareOnly() {
        BoardProfile profile;
        try {
            profile = ConfigLoader.loadBoardProfile(boardFile);
        } catch (ConfigException e) {
            System.err.println("INVALID: " + boardFile);
            e.problems().stream().map(ConfigProblem::toString).forEach(p -> System.err.println("  " + p));
            return ExitCodes.CONFIG;
        }
        Clock clock = Clock.systemUTC();
        try (Board board = BoardFactory.open(profile, LocationConfig.JENA, clock, Delay.sleeping(), true)) {
            SelfTestReport report = new SelfTestReport(clock.instant(), new HardwareSelfTest(board, profile, Delay.sleeping()).run());
            print(report);
            return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (PortException e) {
            System.err.println("streetnode: cannot open the board: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private void print(SelfTestReport report) {
        System.out.print(json ? report.json() + "\n" : report.table());
    }
}
