package org.streetnode.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.config.ConfigLoader;
import org.streetnode.agent.config.Pem;
import org.streetnode.agent.config.ServerSecurity;
import org.streetnode.agent.config.StreetnodeConfig;

/** {@code provision} driven by flags and by its dialogue: files, modes, atomicity, re-provisioning, bad input. */
class ProvisionTest {
    @TempDir
    Path dir;

    private static final Map<String, String> FLAGS = Map.of("--board", "simulated", "--endpoint", "pole-17",
            "--server", "coaps://lwm2m.city.example:5684", "--latitude", "50.93", "--longitude", "11.59");

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void withFlagsItWritesTheConfigAndAPrivateKeyAndShowsTheOnboardingData() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        Provisioner.Outcome outcome = new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, true, o -> { },
                ProvisionCommit.Interruption.NONE, false), f.flags(FLAGS)).run();

        assertThat(outcome).isEqualTo(Provisioner.Outcome.WRITTEN);
        StreetnodeConfig config = ConfigLoader.load(f.config);
        assertThat(config.node().endpoint()).isEqualTo("pole-17");
        assertThat(config.location().latitude()).isEqualTo(50.93);
        assertThat(config.lwm2m().server().orElseThrow().uri().toString()).isEqualTo("coaps://lwm2m.city.example:5684");
        ServerSecurity.Psk psk = (ServerSecurity.Psk) config.lwm2m().server().orElseThrow().security();
        assertThat(psk.identity()).isEqualTo("pole-17");
        assertThat(psk.key().length()).isEqualTo(16);
        assertThat(psk.keyFile().getFileName().toString()).matches("psk-20261126T100000-[0-9a-f]{4}\\.hex");
        assertThat(mode(psk.keyFile())).isEqualTo("rw-------");
        assertThat(mode(f.config)).isEqualTo("rw-r-----");
        // everything else of the shipped config is still there, comments included
        assertThat(Files.readString(f.config)).contains("# Where the pole stands, in degrees (WGS 84)")
                .contains("program = \"dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off\"");

        String keyHex = HexFormat.of().formatHex(psk.key().bytes());
        assertThat(f.out()).contains("endpoint:          pole-17").contains("PSK key (hex):     " + keyHex)
                .contains("the key is shown this once").contains("▀").contains("No systemd here");
        assertThat(f.out().split(keyHex, -1)).as("the key is shown once").hasSize(2);
    }

    @Test
    void rpkMakesAnEcP256KeyPairAndPinsTheServersKey() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        Path serverKey = dir.resolve("platform.pub");
        Files.writeString(serverKey, Pem.encode("PUBLIC KEY", g.generateKeyPair().getPublic().getEncoded()));
        Map<String, String> flags = new java.util.HashMap<>(FLAGS);
        flags.put("--security", "rpk");
        flags.put("--server-public-key", serverKey.toString());

        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, false),
                f.flags(flags)).run();

        ServerSecurity.Rpk rpk = (ServerSecurity.Rpk) ConfigLoader.load(f.config).lwm2m().server().orElseThrow().security();
        assertThat(rpk.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(rpk.publicKey().toString()).contains("secp256r1");
        String privateName = names(dir.resolve("etc/secrets")).get(0);
        assertThat(privateName).matches("node-.*\\.key");
        assertThat(mode(dir.resolve("etc/secrets").resolve(privateName))).isEqualTo("rw-------");
        assertThat(f.out()).contains("public key:        " + java.util.Base64.getEncoder().encodeToString(rpk.publicKey().getEncoded()))
                .doesNotContain("PRIVATE");
    }

    @Test
    void theReleaseKeyIsPinnedAsACopyBesideTheConfigAndAKeyOfAnotherKindIsRefused() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        java.security.KeyPair release = org.streetnode.agent.update.SignatureScheme.ED25519.generate();
        Path given = dir.resolve("streetnode-release.pub");
        Files.writeString(given, Pem.encode("PUBLIC KEY", release.getPublic().getEncoded()));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path wrong = dir.resolve("rsa.pub");
        Files.writeString(wrong, Pem.encode("PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded()));
        Map<String, String> flags = new java.util.HashMap<>(FLAGS);
        flags.put("--release-key", wrong.toString());
        assertThatThrownBy(() -> new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { },
                ProvisionCommit.Interruption.NONE, false), f.flags(flags)).run())
                .isInstanceOf(Questions.BadAnswer.class).hasMessageStartingWith("--release-key: " + wrong);

        flags.put("--release-key", given.toString());
        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, false),
                f.flags(flags)).run();

        StreetnodeConfig config = ConfigLoader.load(f.config);
        assertThat(config.update().releaseKey()).contains(release.getPublic());
        Path pinned = config.update().releaseKeyFile().orElseThrow();
        assertThat(pinned.getParent()).as("beside the config, in root's directory, not the agent's secrets").isEqualTo(dir.resolve("etc"));
        assertThat(pinned.getFileName().toString()).matches("update-release-20261126T100000-[0-9a-f]{4}\\.pub");
        assertThat(mode(pinned)).isEqualTo("rw-r-----");
        assertThat(f.out()).contains("update.release_key: " + pinned.getFileName() + " from " + given + " (fingerprint SHA256:");
    }

    @Test
    void theDialogueCatchesEveryBadAnswerOnTheSpotAndAsksAgain() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        String typed = String.join("\n",
                "mars-rover", "simulated",                         // unknown board, then a real one
                "pole 17", "pole-17",                              // a space is no endpoint name
                "direct", "server",                                // not a choice, then one
                "http://lwm2m.city.example", "coaps://", "coaps://lwm2m.city.example",   // wrong scheme, no host
                "tls", "psk",
                "91", "50.93",                                     // out of range
                "east", "11.59",                                   // not a number
                dir.resolve("nope.pub").toString(), "",            // no such key file, then none
                "yes", "") + "\n";
        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, false),
                f.dialogue(typed)).run();

        assertThat(f.out()).contains("no board profile \"mars-rover\"")
                .contains("\"pole 17\" is not a usable endpoint name")
                .contains("\"direct\": choose server")
                .contains("\"http://lwm2m.city.example\" must start with coaps://")
                .contains("\"coaps://\" is not a URI")
                .contains("\"tls\": choose psk")
                .contains("latitude 91 is out of range")
                .contains("\"east\" is not a number")
                .contains(dir.resolve("nope.pub").toString());
        StreetnodeConfig config = ConfigLoader.load(f.config);
        assertThat(config.node().endpoint()).isEqualTo("pole-17");
        assertThat(config.lwm2m().server().orElseThrow().uri().getPort()).as("the port defaults").isEqualTo(5684);
        assertThat(config.location().longitude()).isEqualTo(11.59);
    }

    @Test
    void theDialogueOffersTheEndpointFromTheBoardsSerialAndNoWritingChangesNothing() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        String before = Files.readString(f.config);
        // Enter takes each default; "no" to writing
        String typed = "simulated\n\nserver\ncoaps://lwm2m.city.example\n\n\n\n\nno\n";
        assertThatThrownBy(() -> new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { },
                ProvisionCommit.Interruption.NONE, false), f.dialogue(typed)).run())
                .isInstanceOf(Questions.Cancelled.class).hasMessageContaining("nothing was changed");
        assertThat(f.out()).contains("Endpoint name [streetnode-sim-0001]").contains("node.endpoint: streetnode-0001 -> streetnode-sim-0001");
        assertThat(Files.readString(f.config)).isEqualTo(before);
        assertThat(names(dir.resolve("etc"))).containsExactly("streetnode.toml");
    }

    @Test
    void badFlagsStopTheScriptWithTheReason() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        Map<String, String> flags = new java.util.HashMap<>(FLAGS);
        flags.put("--longitude", "181");
        assertThatThrownBy(() -> new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { },
                ProvisionCommit.Interruption.NONE, false), f.flags(flags)).run())
                .isInstanceOf(Questions.BadAnswer.class).hasMessage("--longitude: longitude 181 is out of range: it lies between -180 and 180");
        flags.remove("--server");
        flags.put("--longitude", "11.59");
        assertThatThrownBy(() -> new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { },
                ProvisionCommit.Interruption.NONE, false), f.flags(flags)).run())
                .as("the shipped example server is no default").isInstanceOf(Questions.BadAnswer.class)
                .hasMessageStartingWith("--server is needed");
    }

    @Test
    void anInterruptionAtAnyStepLeavesTheOldConfigWholeAndTheNextRunTidiesUp() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, false),
                f.flags(FLAGS)).run();
        String provisioned = Files.readString(f.config);
        List<String> secrets = names(dir.resolve("etc/secrets"));

        Map<String, String> move = new java.util.HashMap<>(FLAGS);
        move.put("--endpoint", "pole-18"); // a new identity: a new key
        for (ProvisionCommit.Step step : List.of(ProvisionCommit.Step.CREDENTIALS_WRITTEN, ProvisionCommit.Step.CONFIG_STAGED)) {
            f.clock = java.time.Clock.offset(f.clock, java.time.Duration.ofSeconds(1));
            ProvisionCommit.Interruption crash = at -> {
                if (at == step) {
                    throw new IOException("power cut at " + at);
                }
            };
            assertThatThrownBy(() -> new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, crash, false),
                    f.flags(move)).run()).hasMessage("power cut at " + step);
            assertThat(Files.readString(f.config)).as("after a cut at " + step).isEqualTo(provisioned);
            assertThat(ConfigLoader.load(f.config).node().endpoint()).isEqualTo("pole-17");
        }
        assertThat(names(dir.resolve("etc/secrets"))).as("new keys left by the cuts").hasSizeGreaterThan(secrets.size());

        f.clock = java.time.Clock.offset(f.clock, java.time.Duration.ofSeconds(1));
        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, false),
                f.flags(move)).run();
        ServerSecurity.Psk psk = (ServerSecurity.Psk) ConfigLoader.load(f.config).lwm2m().server().orElseThrow().security();
        assertThat(names(dir.resolve("etc/secrets"))).as("only the key in use is left").containsExactly(psk.keyFile().getFileName().toString());
        assertThat(names(dir.resolve("etc"))).containsExactly("secrets", "streetnode.toml");
    }

    @Test
    void reProvisioningKeepsTheKeyAndTheRestAndSaysWhatChanges() throws Exception {
        ProvisionFixture f = new ProvisionFixture(dir);
        Files.writeString(f.config, Files.readString(f.config).replace("on_stop = \"fail-safe\"", "on_stop = \"keep\""));
        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, false),
                f.flags(FLAGS)).run();
        Path key = ((ServerSecurity.Psk) ConfigLoader.load(f.config).lwm2m().server().orElseThrow().security()).keyFile();
        String keyText = Files.readString(key);
        f.output.reset();

        Map<String, String> moved = new java.util.HashMap<>(FLAGS);
        moved.put("--latitude", "50.94");
        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, false),
                f.flags(moved)).run();

        assertThat(f.out()).contains("location.latitude: 50.93 -> 50.94").contains("lwm2m.psk: key kept (secrets/")
                .contains("PSK key (hex):     unchanged").doesNotContain(keyText.strip()).doesNotContain("node.endpoint");
        StreetnodeConfig config = ConfigLoader.load(f.config);
        assertThat(((ServerSecurity.Psk) config.lwm2m().server().orElseThrow().security()).keyFile()).isEqualTo(key);
        assertThat(Files.readString(key)).isEqualTo(keyText);
        assertThat(config.lighting().onStop().name()).as("the crew's own setting stays").isEqualTo("KEEP");

        f.output.reset();
        new Provisioner(f.settings(ProvisionFixture.NO_SYSTEMD, false, false, o -> { }, ProvisionCommit.Interruption.NONE, true),
                f.flags(moved)).run();
        assertThat(f.out()).contains("lwm2m.psk: new key made on the node");
        assertThat(key).as("the old key is gone once the new config is in place").doesNotExist();
    }

    @Test
    void theQrCodeDrawsEveryModuleOfTheOnboardingData() {
        io.nayuki.qrcodegen.QrCode qr = QrTerminal.encode("{\"endpoint\":\"pole-17\",\"security\":\"psk\"}");
        List<String> rows = QrTerminal.render(qr, false).lines().toList();
        int size = qr.size + 2 * QrTerminal.QUIET;
        assertThat(rows).hasSize((size + 1) / 2).allMatch(r -> r.length() == size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                char c = rows.get(y / 2).charAt(x);
                boolean drawn = y % 2 == 0 ? c == '█' || c == '▀' : c == '█' || c == '▄';
                int qx = x - QrTerminal.QUIET;
                int qy = y - QrTerminal.QUIET;
                boolean dark = qx >= 0 && qy >= 0 && qx < qr.size && qy < qr.size && qr.getModule(qx, qy);
                assertThat(drawn).as("module %d,%d: light modules are drawn on a dark terminal", x, y).isEqualTo(!dark);
            }
        }
    }
}
