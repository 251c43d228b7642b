package org.streetnode.agent.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.streetnode.agent.board.BoardIdentity;
import org.streetnode.agent.config.ConfigException;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.StreetnodeConfig;
import org.streetnode.agent.provision.NodeAnswers.Security;
import org.streetnode.agent.provision.NodeAnswers.Server;
import org.streetnode.agent.provision.Questions.Question;
import org.streetnode.agent.selftest.ProvisioningSelfTest;
import org.streetnode.agent.selftest.SelfTestReport;

/**
 * {@code streetnode provision} from start to finish: the questions (with defaults from the
 * config as it is, or from the board's serial number), the plan and its changes, the atomic
 * commit, the onboarding data as text and QR code, the self-test, the service, and the wait
 * until the node is registered.
 */
public final class Provisioner {
    /** The shipped config's example values, which are no default for a real node. */
    static final String EXAMPLE_ENDPOINT = "streetnode-0001";
    static final String EXAMPLE_HOST = "lwm2m.example.org";

    /**
     * @param onboarded called once the onboarding data is shown (a test plays the platform's operator there)
     * @param lightTerminal draw the QR code for a light terminal background
     * @param newCredentials make new credentials even where the current ones would do
     */
    public record Settings(Path configFile, Clock clock, SecureRandom random, boolean newCredentials, ServiceControl service,
            boolean selfTest,
            boolean start, Duration registrationWait, boolean showQr, boolean lightTerminal,
            ProvisioningSelfTest.Settings selfTestSettings, ProvisionCommit.Interruption interruption,
            Consumer<Onboarding> onboarded) {
    }

    /** How a run ended. */
    public enum Outcome { REGISTERED, WRITTEN, SELFTEST_FAILED, NOT_REGISTERED }

    private final Settings settings;
    private final Questions questions;

    public Provisioner(Settings settings, Questions questions) {
        this.settings = settings;
        this.questions = questions;
    }

    public Outcome run() throws Questions.Cancelled, Questions.BadAnswer, IOException, ProvisionCommit.InvalidResult,
            ConfigException, InterruptedException {
        Path configFile = settings.configFile().toAbsolutePath();
        Path configDir = configFile.getParent();
        Files.createDirectories(configDir);
        String current = Files.exists(configFile) ? Files.readString(configFile, StandardCharsets.UTF_8) : shippedDefault();
        JsonNode tree = new TomlMapper().readTree(current);

        NodeAnswers answers = ask(configDir, tree);
        ProvisionPlan plan = ProvisionPlan.of(configDir, current, tree, answers, settings.clock(), settings.random());
        questions.say("");
        questions.say(Files.exists(configFile) ? "Changes to " + configFile + ":" : "New " + configFile + ":");
        plan.changes().forEach(c -> questions.say("  " + c));
        if (questions.interactive() && !questions.ask(new Question("--yes", "Write this configuration? (yes/no)"),
                Optional.of("yes"), Validation::yesNo)) {
            throw new Questions.Cancelled("cancelled; nothing was changed");
        }
        ProvisionCommit.write(configFile, plan, settings.interruption());
        questions.say("Written: " + configFile + " (and the credential files it names)");

        showOnboarding(plan.onboarding());
        settings.onboarded().accept(plan.onboarding());
        if (questions.interactive()) {
            questions.pause("Enter the onboarding data in the platform, then press Enter to go on.");
        }

        StreetnodeConfig config = ConfigLoader.load(configFile);
        ServiceControl service = settings.service();
        if (service.present() && service.active()) {
            questions.say("Stopping the running agent for the self-test (it needs the hardware) ...");
            service.stop();
        }
        boolean passed = true;
        if (settings.selfTest()) {
            questions.say("Self-test ...");
            SelfTestReport report = ProvisioningSelfTest.run(config, settings.selfTestSettings());
            questions.say(report.table().stripTrailing());
            if (Files.isDirectory(config.node().dataDir())) {
                ProvisioningSelfTest.save(report, config.node().dataDir());
            }
            passed = report.passed();
        }
        if (!settings.start() || !service.present()) {
            questions.say(settings.start() ? "No systemd here: start the agent yourself (streetnode run --config "
                    + configFile + ")." : "Not starting the service (--no-start).");
            return passed ? Outcome.WRITTEN : Outcome.SELFTEST_FAILED;
        }
        // The lamp needs its agent whatever the self-test found: start it, and say what failed.
        questions.say("Starting the service ...");
        service.start();
        Optional<String> registered = RegistrationWatch.await(config.shell().socket(), settings.registrationWait(),
                line -> questions.say("  " + line));
        if (registered.isEmpty()) {
            questions.say("Not registered within " + settings.registrationWait().toSeconds() + " s: see "
                    + "`streetnode shell lwm2m` and journalctl -u streetnode. The agent keeps trying.");
            return Outcome.NOT_REGISTERED;
        }
        return passed ? Outcome.REGISTERED : Outcome.SELFTEST_FAILED;
    }

    private NodeAnswers ask(Path configDir, JsonNode tree) throws Questions.Cancelled, Questions.BadAnswer {
        JsonNode node = tree.path("node");
        JsonNode lwm2m = tree.path("lwm2m");
        String board = questions.ask(new Question("--board", "Board profile (" + String.join(", ", ConfigLoader.builtinBoards())
                + ", or a file)"), text(node.path("board")).or(() -> Optional.of("raspberry-pi")),
                b -> Validation.board(b, configDir));
        Optional<String> existingEndpoint = text(node.path("endpoint")).filter(e -> !e.equals(EXAMPLE_ENDPOINT));
        String endpoint = questions.ask(new Question("--endpoint", "Endpoint name"),
                existingEndpoint.or(() -> endpointFromSerial(board, configDir)), Validation::endpoint);

        boolean hadBootstrap = lwm2m.has("bootstrap") && !lwm2m.has("server_uri");
        Server.Kind kind = questions.ask(new Question("--server-kind", "Register with the LwM2M server directly, or ask a "
                + "bootstrap server (server/bootstrap)"), Optional.of(hadBootstrap ? "bootstrap" : "server"), Validation::serverKind);
        JsonNode account = kind == Server.Kind.BOOTSTRAP ? lwm2m.path("bootstrap") : lwm2m;
        Optional<String> existingUri = text(account.path("server_uri")).filter(u -> !u.contains(EXAMPLE_HOST));
        URI uri = questions.ask(new Question("--server", kind == Server.Kind.BOOTSTRAP ? "Bootstrap server URI"
                : "LwM2M server URI"), existingUri, Validation::serverUri);
        Security security = questions.ask(new Question("--security", "Security (psk/rpk)"),
                text(account.path("security")).or(() -> Optional.of("psk")), Validation::security);
        Optional<Path> serverKey = Optional.empty();
        if (security == Security.RPK) {
            boolean haveOne = text(account.path("rpk").path("server_public_key_file")).isPresent();
            serverKey = questions.ask(new Question("--server-public-key", "The server's public key (PEM file)"
                    + (haveOne ? "; '-' keeps the current one" : "")), haveOne ? Optional.of("-") : Optional.empty(),
                    f -> haveOne && f.strip().equals("-") ? Validation.ok(Optional.<Path>empty())
                            : switch (Validation.publicKeyFile(f)) {
                                case Validation.Checked.Ok<Path> ok -> Validation.ok(Optional.of(ok.value()));
                                case Validation.Checked.Bad<Path> bad -> Validation.<Optional<Path>>bad(bad.message());
                            });
        }
        JsonNode location = tree.path("location");
        double latitude = questions.ask(new Question("--latitude", "Latitude of the pole (decimal degrees)"),
                number(location.path("latitude")), Validation::latitude);
        double longitude = questions.ask(new Question("--longitude", "Longitude of the pole (decimal degrees)"),
                number(location.path("longitude")), Validation::longitude);
        boolean pinned = text(tree.path("update").path("release_key")).isPresent();
        Optional<Path> releaseKey = questions.ask(new Question("--release-key", "The city's release key for software "
                + "updates (its public key, a PEM file; " + (pinned ? "'-' keeps the one pinned" : "'none': no remote updates")
                + ")"), Optional.of(pinned ? "-" : "none"),
                f -> f.strip().equals(pinned ? "-" : "none") ? Validation.ok(Optional.<Path>empty())
                        : switch (Validation.releaseKeyFile(f)) {
                            case Validation.Checked.Ok<Path> ok -> Validation.ok(Optional.of(ok.value()));
                            case Validation.Checked.Bad<Path> bad -> Validation.<Optional<Path>>bad(bad.message());
                        });
        return new NodeAnswers(board, endpoint, new Server(kind, uri), security, serverKey, latitude, longitude,
                settings.newCredentials(), releaseKey);
    }

    /** "streetnode-" and the board's serial number, lower case, leading zeros dropped (a Pi's serial is 16 hex digits). */
    static Optional<String> endpointFromSerial(String board, Path configDir) {
        try {
            String serial = BoardIdentity.of(ConfigLoader.loadBoardProfile(board, configDir), "unprovisioned").serial()
                    .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^0+(?=[0-9a-f])", "");
            return serial.isEmpty() || serial.equals("unknown") ? Optional.empty() : Optional.of("streetnode-" + serial);
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    private void showOnboarding(Onboarding onboarding) {
        questions.say("");
        questions.say("Onboarding data for the platform" + (onboarding.pskKeyHex().isPresent()
                ? " (the key is shown this once; it is not kept anywhere but in the node's 0600 key file):" : ":"));
        questions.say(onboarding.text().stripTrailing());
        if (settings.showQr()) {
            questions.say("");
            questions.say(QrTerminal.render(QrTerminal.encode(onboarding.json()), settings.lightTerminal()).stripTrailing());
        }
        questions.say("");
    }

    private static String shippedDefault() throws IOException {
        try (InputStream in = Provisioner.class.getResourceAsStream("/defaults/streetnode.toml")) {
            if (in == null) {
                throw new IOException("the agent's jar has no defaults/streetnode.toml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Optional<String> text(JsonNode n) {
        return n.isValueNode() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static Optional<String> number(JsonNode n) {
        return n.isNumber() ? Optional.of(n.asText()) : Optional.empty();
    }
}
