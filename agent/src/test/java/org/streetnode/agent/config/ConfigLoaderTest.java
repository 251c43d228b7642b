package org.streetnode.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private StreetnodeConfig load(String text) throws Exception {
        return ConfigLoader.load(TestConfigs.write(dir, text));
    }

    private List<ConfigProblem> problems(String text) throws IOException {
        Path file = TestConfigs.write(dir, text);
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file)).problems();
    }

    @Test
    void loadsAMinimalConfigWithDefaults() throws Exception {
        StreetnodeConfig c = load(TestConfigs.minimal(dir, "coaps://platform.example:5684"));

        assertThat(c.node().endpoint()).isEqualTo("node-under-test");
        assertThat(c.node().timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.location()).isEqualTo(LocationConfig.JENA);
        assertThat(c.lwm2m().server().orElseThrow().uri().toString()).isEqualTo("coaps://platform.example:5684");
        assertThat(c.lwm2m().lifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.lwm2m().server().orElseThrow().security()).isInstanceOfSatisfying(ServerSecurity.Psk.class, psk -> {
            assertThat(psk.identity()).isEqualTo("node-under-test");
            assertThat(psk.key().bytes()).hasSize(16).startsWith(0x00, 0x11, 0x22);
        });
        assertThat(c.sampling().period()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.board().kind()).isEqualTo(BoardProfile.Kind.SIMULATED);
        assertThat(c.board().sensors()).extracting(SensorSpec::id)
                .containsExactly("air", "light", "climate", "lamp-power", "noise", "pm", "presence");
        assertThat(c.board().lamp()).hasValueSatisfying(l -> assertThat(l.powerSensor()).contains("lamp-power"));
    }

    @Test
    void addsTheDefaultPortToTheServerUri() throws Exception {
        StreetnodeConfig c = load(TestConfigs.minimal(dir, "coaps://platform.example"));
        assertThat(c.lwm2m().server().orElseThrow().uri().getPort()).isEqualTo(5684);
    }

    @Test
    void reportsATypoAsUnknownKeyWithLineAndSuggestion() throws IOException {
        String text = TestConfigs.node(dir, "coaps://p:5684").set("lwm2m", "lifetme", "10m").text();
        List<ConfigProblem> problems = problems(text);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lwm2m.lifetme");
            assertThat(p.line()).isEqualTo(lineOf(text, "lifetme"));
            assertThat(p.message()).contains("unknown key").contains("did you mean \"lifetime\"");
            assertThat(p.toString()).startsWith(dir.resolve("streetnode.toml") + ":" + p.line() + ": lwm2m.lifetme: ");
        });
    }

    @Test
    void reportsAnUnknownTable() throws IOException {
        String text = TestConfigs.minimal(dir, "coaps://p:5684") + "\n[lightning]\non_stop = \"keep\"\n";
        assertThat(problems(text)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lightning");
            assertThat(p.line()).isEqualTo(lineOf(text, "[lightning]"));
            assertThat(p.message()).contains("did you mean \"lighting\"");
        });
    }

    @Test
    void reportsWrongTypes() throws IOException {
        String text = TestConfigs.minimal(dir, "coaps://p:5684")
                + "\n[sampling]\nperiod = 30\nstuck_samples = \"many\"\n\n[location]\nlatitude = \"north\"\n";
        List<ConfigProblem> problems = problems(text);

        assertThat(problems).extracting(ConfigProblem::key, ConfigProblem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sampling.period", lineOf(text, "period = 30")),
                org.assertj.core.groups.Tuple.tuple("sampling.stuck_samples", lineOf(text, "stuck_samples")),
                org.assertj.core.groups.Tuple.tuple("location.latitude", lineOf(text, "latitude")));
        assertThat(problems.get(0).message()).contains("expected a duration").contains("found integer 30");
        assertThat(problems.get(1).message()).contains("expected an integer, found string \"many\"");
        assertThat(problems.get(2).message()).contains("expected a number");
    }

    @Test
    void reportsOutOfRangeValues() throws IOException {
        String text = TestConfigs.minimal(dir, "coaps://p:5684")
                + "\n[location]\nlatitude = 95.0\n\n[sampling]\nperiod = \"2ms\"\n";
        List<ConfigProblem> problems = problems(text);

        assertThat(problems).extracting(ConfigProblem::key).containsExactly("location.latitude", "sampling.period");
        assertThat(problems.get(0).message()).contains("out of range: 95 ").contains("-90.0 to 90.0");
        assertThat(problems.get(0).line()).isEqualTo(lineOf(text, "latitude = 95"));
        assertThat(problems.get(1).message()).contains("out of range: 2ms").contains("100ms to 1d");
    }

    @Test
    void reportsMissingRequiredValuesAtTheirTable() throws IOException {
        String text = TestConfigs.node(dir, "coaps://p:5684").remove("node", "endpoint").text();
        assertThat(problems(text)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("node.endpoint");
            assertThat(p.message()).contains("missing");
            assertThat(p.line()).isEqualTo(lineOf(text, "[node]"));
        });
    }

    @Test
    void refusesASecretFileOthersCanRead() throws IOException {
        Path file = TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684"));
        Files.setPosixFilePermissions(dir.resolve("secrets/psk.hex"), PosixFilePermissions.fromString("rw-r--r--"));

        List<ConfigProblem> problems = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file)).problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lwm2m.psk.key_file");
            assertThat(p.message()).contains("rw-r--r--").contains("chmod 600");
        });
    }

    @Test
    void reportsAMissingOrMalformedSecretFile() throws IOException {
        String text = TestConfigs.node(dir, "coaps://p:5684").set("lwm2m.psk", "key_file", "secrets/nope.hex").text();
        assertThat(problems(text)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lwm2m.psk.key_file");
            assertThat(p.message()).contains("nope.hex").contains("does not exist");
        });

        Path file = TestConfigs.write(dir, TestConfigs.minimal(dir, "coaps://p:5684"));
        TestConfigs.writePsk(dir, "not hex at all");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not hold a key in hex digits");
    }

    @Test
    void refusesNoSecOutsideALab() throws Exception {
        ConfigText nosec = TestConfigs.node(dir, "coap://p:5683").set("lwm2m", "security", "nosec");
        assertThat(problems(nosec.text())).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("lwm2m.security");
            assertThat(p.message()).contains("refused outside a lab");
        });

        StreetnodeConfig lab = load(nosec.set("lwm2m", "lab", true).text());
        assertThat(lab.lwm2m().server().orElseThrow().security()).isInstanceOf(ServerSecurity.NoSec.class);
    }

    @Test
    void refusesAnUnencryptedUriWithDtlsSecurity() throws IOException {
        assertThat(problems(TestConfigs.minimal(dir, "coap://p:5683"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must start with coaps://"));
        assertThat(problems(TestConfigs.minimal(dir, "http://p"))).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo("lwm2m.server_uri"));
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() throws IOException {
        String text = """
                [node]
                endpoint = "has spaces"
                board = "simulated"
                timezone = "Mars/Olympus"

                [lwm2m]
                server_uri = "coaps://p:5684"
                lifetime = "10 years"
                psk = 3
                """;
        List<ConfigProblem> problems = problems(text);
        assertThat(problems).extracting(ConfigProblem::line).containsExactly(2, 4, 8, 9);
        assertThat(problems).extracting(ConfigProblem::key)
                .containsExactly("node.endpoint", "node.timezone", "lwm2m.lifetime", "lwm2m.psk");
    }

    @Test
    void reportsSyntaxErrorsWithTheirLine() throws IOException {
        List<ConfigProblem> problems = problems("[node]\nendpoint = \"x\"\nboard = \n");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("not valid TOML");
        });
    }

    @Test
    void reportsAnUnreadableConfigFile() {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": cannot read: no such file");
    }

    @Test
    void reportsAnUnknownBoardProfile() throws IOException {
        String text = TestConfigs.node(dir, "coaps://p:5684").set("node", "board", "pi-zero").text();
        assertThat(problems(text)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("node.board");
            assertThat(p.line()).isEqualTo(lineOf(text, "pi-zero"));
            assertThat(p.message()).contains("no board profile \"pi-zero\"").contains("simulated, raspberry-pi");
        });
    }

    @Test
    void reportsBoardProfileProblemsInTheProfileFile() throws IOException {
        String profile = """
                [board]
                kind = "raspberry-pi"

                [[sensor]]
                id = "air"
                driver = "bme280"
                address = 0x60

                [[sensor]]
                id = "air"
                driver = "bh1751"

                [lamp]
                relay_pin = 17
                power_sensor = "air"
                """;
        Files.createDirectories(dir.resolve("boards"));
        Path profileFile = dir.resolve("boards/pole7.toml");
        Files.writeString(profileFile, profile);
        String text = TestConfigs.node(dir, "coaps://p:5684").set("node", "board", "pole7").text();

        List<ConfigProblem> problems = problems(text);
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo(profileFile));
        assertThat(problems).extracting(ConfigProblem::key, ConfigProblem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sensor[0].address", 7),
                org.assertj.core.groups.Tuple.tuple("sensor[1].id", 10),
                org.assertj.core.groups.Tuple.tuple("sensor[1].driver", 11),
                org.assertj.core.groups.Tuple.tuple("lamp.power_sensor", 15));
        assertThat(problems.get(0).message()).isEqualTo("0x60 is not an address this chip can have (0x76 to 0x77)");
        assertThat(problems.get(1).message()).contains("used by another sensor");
        assertThat(problems.get(2).message()).contains("\"bme280\"", "\"pir\"").contains("found string \"bh1751\"");
        assertThat(problems.get(3).message()).contains("the lamp monitor needs an ina219");
    }

    @Test
    void reportsDuplicateSensorIds() throws IOException {
        Files.createDirectories(dir.resolve("boards"));
        Files.writeString(dir.resolve("boards/twins.toml"), """
                [board]
                kind = "simulated"
                [[sensor]]
                id = "air"
                driver = "bme280"
                [[sensor]]
                id = "air"
                driver = "sht31"
                """);
        String text = TestConfigs.node(dir, "coaps://p:5684").set("node", "board", "twins").text();
        assertThat(problems(text)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("sensor[1].id");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).contains("used by another sensor");
        });
    }

    @Test
    void theShippedConfigAndBoardProfilesAreValid() throws Exception {
        Path shipped = Path.of("../config/streetnode.toml");
        Path copy = dir.resolve("streetnode.toml");
        Files.copy(shipped, copy);
        TestConfigs.writePsk(dir, TestConfigs.PSK_HEX);
        Files.createDirectories(dir.resolve("boards"));
        for (String board : ConfigLoader.builtinBoards()) {
            Files.copy(Path.of("../config/boards/" + board + ".toml"), dir.resolve("boards/" + board + ".toml"));
        }

        StreetnodeConfig c = ConfigLoader.load(copy);
        assertThat(c.board().kind()).isEqualTo(BoardProfile.Kind.RASPBERRY_PI);
        assertThat(c.board().source()).isEqualTo(dir.resolve("boards/raspberry-pi.toml").toString());

        for (String board : ConfigLoader.builtinBoards()) {
            Files.writeString(copy, Files.readString(shipped).replace("board = \"raspberry-pi\"", "board = \"" + board + "\""));
            assertThat(ConfigLoader.load(copy).board().sensors()).isNotEmpty();
        }
    }

    @Test
    void effectiveConfigShowsDefaultsAndNeverTheSecret() throws Exception {
        StreetnodeConfig c = load(TestConfigs.minimal(dir, "coaps://p:5684"));
        String shown = EffectiveConfig.render(c);

        assertThat(shown).contains("[node]\nendpoint = \"node-under-test\"")
                .contains("lifetime = \"5m\"")
                .contains("[lwm2m.psk]")
                .contains("# secret: 16 bytes, private file")
                .contains("[[sensor]]\nid = \"air\"");
        assertThat(shown.toLowerCase()).doesNotContain(TestConfigs.PSK_HEX);
        assertThat(c.lwm2m().server().orElseThrow().security().toString()).doesNotContain("0, 17, 34").doesNotContain(TestConfigs.PSK_HEX);
    }

    @Test
    void theEffectiveConfigIsValidTomlThatLoadsBackToTheSameConfiguration() throws Exception {
        for (String board : ConfigLoader.builtinBoards()) {
            Path original = dir.resolve(board);
            Files.createDirectories(original);
            StreetnodeConfig c = ConfigLoader.load(TestConfigs.write(original, TestConfigs.node(original, "coaps://p:5684")
                    .set("node", "board", board)
                    .set("lwm2m.retry", "attempts", 2)
                    .pskAccount("lwm2m.bootstrap", java.net.URI.create("coaps://bs:5684"), "factory")
                    .set("logging.levels", "org.eclipse.californium", "debug")));
            String shown = EffectiveConfig.render(c);
            int boardPart = shown.indexOf("\n# board profile ");
            assertThat(shown.substring(0, boardPart)).as("each table once").containsOnlyOnce("[lwm2m]\n");

            // the config part as a config file, the board part as the profile of the same name beside it
            Path again = Files.createDirectories(dir.resolve(board + "-again"));
            Files.createDirectories(again.resolve("boards"));
            Files.writeString(again.resolve("boards/" + board + ".toml"), shown.substring(boardPart));
            StreetnodeConfig reloaded = ConfigLoader.load(
                    Files.writeString(again.resolve("streetnode.toml"), shown.substring(0, boardPart)));
            assertThat(reloaded.effective()).as(board).isEqualTo(c.effective());
            assertThat(reloaded.boardEffective()).as(board).isEqualTo(c.boardEffective());
        }
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in text");
    }
}
