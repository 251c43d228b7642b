package org.streetnode.agent.provision;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import org.jline.terminal.impl.DumbTerminal;
import org.streetnode.agent.config.TestConfigs;
import org.streetnode.agent.selftest.ProvisioningSelfTest;
import org.streetnode.drivers.port.Delay;

/** A config directory as the package leaves it (the shipped config), and provisioning runs against it. */
final class ProvisionFixture {
    final Path dir;
    final Path config;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    ProvisionFixture(Path dir) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("etc/streetnode.toml");
        Files.createDirectories(config.getParent());
        String shipped = Files.readString(Path.of("../config/streetnode.toml"))
                .replace("\"/var/lib/streetnode\"", "\"" + dir.resolve("data") + "\"")
                .replace("\"/run/streetnode\"", "\"" + dir.resolve("run") + "\"")
                // the test's own group runs the shell, so an ordinary user may follow the registration
                .replace("maintenance_group = \"streetnode-maintenance\"\n", "")
                .replace("operator_group = \"streetnode-operators\"\n", "")
                .replace("[shell]\n", "[shell]\n" + TestConfigs.ownGroups());
        Files.writeString(config, shipped);
        Files.createDirectories(dir.resolve("data"));
    }

    Provisioner.Settings settings(ServiceControl service, boolean selfTest, boolean start, Consumer<Onboarding> onboarded,
            ProvisionCommit.Interruption interruption, boolean newCredentials) {
        return new Provisioner.Settings(config, clock, new SecureRandom(), newCredentials, service, selfTest, start,
                Duration.ofSeconds(20), true, false,
                new ProvisioningSelfTest.Settings(Clock.systemUTC(), Delay.sleeping(), Duration.ofSeconds(15), Duration.ofSeconds(5)),
                interruption, onboarded);
    }

    /** Answers from the command line, printing to {@link #output}. */
    FlagQuestions flags(Map<String, String> flags) {
        return new FlagQuestions(flags, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    /** The dialogue on a terminal that reads {@code typed} (one answer a line) and writes to {@link #output}. */
    TerminalQuestions dialogue(String typed) throws IOException {
        DumbTerminal terminal = new DumbTerminal(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), output);
        return new TerminalQuestions(terminal, Map.of());
    }

    String out() {
        return output.toString(StandardCharsets.UTF_8);
    }

    static final ServiceControl NO_SYSTEMD = new ServiceControl() {
        @Override
        public boolean present() {
            return false;
        }

        @Override
        public boolean active() {
            return false;
        }

        @Override
        public void stop() {
            throw new AssertionError("no service to stop");
        }

        @Override
        public void start() {
            throw new AssertionError("no service to start");
        }
    };
}
