package org.streetnode.agent.cli;

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
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.selftest.HardwareSelfTest;
import org.streetnode.agent.selftest.SelfTestReport;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.PortException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Check the hardware a board profile describes: probe every device (chip id or first frame), "
                + "take one plausible reading each, switch the lamp off and on and check its power follows.",
                "Run it with the agent stopped: the agent holds the hardware while it runs."},
        footer = {"", ExitCodes.HELP})
final class SelftestCommand implements Callable<Integer> {
    @Option(names = "--board", paramLabel = "FILE", required = true, description = "the board profile to test")
    Path boardFile;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() {
        Logging.configure(new LoggingConfig(LoggingConfig.Level.WARN, java.util.Optional.empty(), 10L << 20, 0));
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
            System.out.print(json ? report.json() + "\n" : report.table());
            return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (PortException e) {
            System.err.println("streetnode: cannot open the board: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
