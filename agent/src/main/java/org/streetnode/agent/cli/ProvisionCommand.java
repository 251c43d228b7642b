package org.streetnode.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigProblem;
import org.streetnode.agent.config.LoggingConfig;
import org.streetnode.agent.lifecycle.ExitCodes;
import org.streetnode.agent.logging.Logging;
import org.streetnode.agent.provision.FlagQuestions;
import org.streetnode.agent.provision.ProvisionCommit;
import org.streetnode.agent.provision.Provisioner;
import org.streetnode.agent.provision.Questions;
import org.streetnode.agent.provision.ServiceControl;
import org.streetnode.agent.provision.TerminalQuestions;
import org.streetnode.agent.selftest.ProvisioningSelfTest;
import org.streetnode.agent.units.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Give this node its name, credentials and server, on the pole: asks (or takes from the options) the "
                + "board profile, endpoint name (default from the board's serial number), server or bootstrap server URI, "
                + "security mode (psk or rpk) and location; makes the credentials on the node; writes the config and "
                + "key files atomically (re-provisioning keeps the rest of the config, and the credentials while they "
                + "still fit, and says what it changes); shows the onboarding data as text and QR code (a new PSK this "
                + "once); runs the self-test; starts the service; and waits until the node is registered.",
                "Run it as root (sudo): it writes /etc/streetnode and controls the service."},
        footer = {"", ExitCodes.HELP})
final class ProvisionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/streetnode/streetnode.toml",
            description = "the config file to write (default: ${DEFAULT-VALUE})")
    Path configFile;

    @Option(names = {"-n", "--non-interactive"}, description = "ask nothing: take the options, and defaults for the rest")
    boolean nonInteractive;

    @Option(names = "--board", paramLabel = "NAME|FILE", description = "the board profile (default: the config's, else raspberry-pi)")
    String board;

    @Option(names = "--endpoint", paramLabel = "NAME", description = "the endpoint name (default: the config's, else from the board's serial)")
    String endpoint;

    @Option(names = "--server", paramLabel = "URI", description = "the server's URI, coaps://host:port")
    String server;

    @Option(names = "--bootstrap", description = "--server is a bootstrap server that gives the node its LwM2M server")
    boolean bootstrap;

    @Option(names = "--security", paramLabel = "psk|rpk", description = "psk (default) or rpk")
    String security;

    @Option(names = "--server-public-key", paramLabel = "FILE", description = "rpk: the server's public key (PEM)")
    String serverPublicKey;

    @Option(names = "--latitude", paramLabel = "DEGREES", description = "where the pole stands")
    String latitude;

    @Option(names = "--longitude", paramLabel = "DEGREES", description = "where the pole stands")
    String longitude;

    @Option(names = "--release-key", paramLabel = "FILE",
            description = "the city's release public key (PEM, from streetnode update keygen): pinned for software updates "
                    + "([update] release_key, a copy beside the config)")
    String releaseKey;

    @Option(names = "--new-credentials", description = "make new credentials even where the current ones would do")
    boolean newCredentials;

    @Option(names = "--no-selftest", description = "skip the self-test")
    boolean noSelfTest;

    @Option(names = "--no-start", description = "do not start the service (nor wait for registration)")
    boolean noStart;

    @Option(names = "--no-qr", description = "show the onboarding data as text only")
    boolean noQr;

    @Option(names = "--light-terminal", description = "draw the QR code for a terminal with a light background")
    boolean lightTerminal;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "2m",
            description = "how long to wait for registration (default: ${DEFAULT-VALUE})")
    String wait;

    @Override
    public Integer call() throws InterruptedException {
        Logging.configure(LoggingConfig.console(LoggingConfig.Level.WARN));
        Duration registrationWait = Units.parseDuration(wait).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--wait: not a duration: " + wait + " (write e.g. 2m)"));
        PrintStream out = System.out;
        Provisioner.Settings settings = new Provisioner.Settings(configFile, Clock.systemUTC(), new SecureRandom(), newCredentials,
                ServiceControl.systemd(), !noSelfTest, !noStart, registrationWait, !noQr, lightTerminal,
                ProvisioningSelfTest.Settings.defaults(), ProvisionCommit.Interruption.NONE, o -> { });
        try {
            if (nonInteractive) {
                return exit(new Provisioner(settings, new FlagQuestions(flags(), out)).run());
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                return exit(new Provisioner(settings, new TerminalQuestions(terminal, flags())).run());
            }
        } catch (Questions.Cancelled e) {
            System.err.println("streetnode provision: " + e.getMessage());
            return ExitCodes.CANCELLED;
        } catch (Questions.BadAnswer e) {
            System.err.println("streetnode provision: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (ProvisionCommit.InvalidResult e) {
            System.err.println("streetnode provision: the new configuration would not load; nothing was changed:");
            e.problems().stream().map(ConfigProblem::toString).forEach(p -> System.err.println("  " + p));
            return ExitCodes.CONFIG;
        } catch (ConfigException e) {
            System.err.println("streetnode provision: the configuration does not load:");
            e.problems().stream().map(ConfigProblem::toString).forEach(p -> System.err.println("  " + p));
            return ExitCodes.CONFIG;
        } catch (IOException e) {
            System.err.println("streetnode provision: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "--board", board);
        put(f, "--endpoint", endpoint);
        put(f, "--server", server);
        if (bootstrap) {
            f.put("--server-kind", "bootstrap");
        } else if (server != null) {
            f.put("--server-kind", "server");
        }
        put(f, "--security", security);
        put(f, "--server-public-key", serverPublicKey);
        put(f, "--latitude", latitude);
        put(f, "--longitude", longitude);
        put(f, "--release-key", releaseKey);
        return f;
    }

    private static void put(Map<String, String> f, String flag, String value) {
        if (value != null) {
            f.put(flag, value);
        }
    }

    private static int exit(Provisioner.Outcome outcome) {
        return switch (outcome) {
            case REGISTERED, WRITTEN -> ExitCodes.OK;
            case SELFTEST_FAILED, NOT_REGISTERED -> ExitCodes.FAILURE;
        };
    }
}
