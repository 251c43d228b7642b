package org.streetnode.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.agent.update.TestPackages;

/**
 * The install helper's own decisions, with dpkg stood in for by a recorder (the package test runs
 * the helper with the real dpkg on a scratch root): it installs exactly what it verified, refuses
 * what does not verify or is not a plain file, rolls back a version that does not prove itself,
 * and finishes an install a stopped helper left.
 */
class InstallHelperTest {
    @TempDir
    Path dir;

    private KeyPair key;
    private Path spool;
    private Path state;
    private RecordingDpkg dpkg;
    private InstallHelper helper;

    /** dpkg as far as the helper can tell: what it was asked to install, byte for byte. */
    static final class RecordingDpkg extends Dpkg {
        String installed = "0.2.0";
        final List<byte[]> installs = new ArrayList<>();
        Runnable beforeInstall = () -> { };
        boolean failRollback;
        Path previous;

        RecordingDpkg() {
            super(Path.of("/nonexistent"));
        }

        @Override
        Optional<String> installedVersion() {
            return Optional.of(installed);
        }

        @Override
        DebInfo inspect(Path deb) throws IOException {
            return new DebInfo(PACKAGE, deb.equals(previous) ? "0.2.0" : "0.3.0");
        }

        @Override
        void install(Path deb) throws IOException {
            beforeInstall.run();
            if (deb.equals(previous) && failRollback) {
                throw new IOException("dpkg: error processing archive (stand-in)");
            }
            installs.add(Files.readAllBytes(deb));
            installed = deb.equals(previous) ? "0.2.0" : "0.3.0";
        }

        @Override
        void repack(Path work, Path out) throws IOException {
            Files.writeString(out, "the running 0.2.0, rebuilt");
            previous = out;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        key = TestPackages.releaseKey();
        spool = Files.createDirectories(dir.resolve("spool"));
        state = dir.resolve("state");
        dpkg = new RecordingDpkg();
        HelperSettings settings = new HelperSettings(dir.resolve("streetnode.toml"), key.getPublic(), false,
                Duration.ofSeconds(3), spool, dir.resolve("no-agent.sock"));
        helper = new InstallHelper(settings, state, dpkg, new AgentService(List.of("true")), TrustedFiles.selfUid());
    }

    private byte[] request(KeyPair signer) throws Exception {
        Path pkg = TestPackages.signed(dir.resolve("build"), signer, "0.3.0", "0.1.0", 50_000);
        Files.copy(pkg, spool.resolve("package.snpkg"));
        Files.writeString(spool.resolve("install-request.json"), "{\"format\":1,\"version\":\"0.3.0\"}");
        return Files.readAllBytes(dir.resolve("build/deb-0.3.0/streetnode_0.3.0_all.deb"));
    }

    private String result() throws IOException {
        return Files.readString(spool.resolve("install-result.json"));
    }

    @Test
    void itInstallsTheDebItVerifiedEvenWhenTheSpoolsPackageChangesAfterwardsAndRollsBackAVersionThatDoesNotProveItself()
            throws Exception {
        byte[] signedDeb = request(key);
        // the agent (or whoever holds its user) swaps the package once the helper has its copy
        dpkg.beforeInstall = () -> {
            try {
                Files.write(spool.resolve("package.snpkg"), new byte[60_000]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };

        Optional<InstallHelper.Outcome> o = helper.run(Optional.empty());

        assertThat(dpkg.installs).hasSize(2);
        assertThat(dpkg.installs.get(0)).as("what dpkg got is the .deb the signature covers").isEqualTo(signedDeb);
        assertThat(new String(dpkg.installs.get(1))).as("then the previous version again").isEqualTo("the running 0.2.0, rebuilt");
        assertThat(o).map(InstallHelper.Outcome::kind).contains(InstallHelper.Outcome.Kind.ROLLED_BACK);
        assertThat(result()).contains("\"outcome\" : \"rolled-back\"", "\"version\" : \"0.3.0\"", "\"previous\" : \"0.2.0\"",
                "0.3.0 did not prove itself within 3s", "does not answer on its shell socket");
        assertThat(spool.resolve("install-request.json")).as("taken").doesNotExist();
        assertThat(spool.resolve("install-request.taken")).exists();
        assertThat(state.resolve("job.json")).as("nothing left to finish").doesNotExist();
        assertThat(state.resolve("kept/streetnode_0.2.0_all.deb")).as("the rollback package stays for the next try").exists();
    }

    @Test
    void aPackageSignedByAnotherKeyIsRefusedAndNothingIsInstalled() throws Exception {
        request(TestPackages.releaseKey());
        Optional<InstallHelper.Outcome> o = helper.run(Optional.empty());
        assertThat(o).map(InstallHelper.Outcome::kind).contains(InstallHelper.Outcome.Kind.REFUSED);
        assertThat(dpkg.installs).isEmpty();
        assertThat(result()).contains("\"outcome\" : \"refused\"", "Update Result 5 integrity failure", "pinned release key");
        assertThat(state.resolve(InstallHelper.NEW_DEB)).doesNotExist();
        assertThat(state.resolve(InstallHelper.INCOMING)).doesNotExist();
    }

    @Test
    void aSymlinkedPackageInTheSpoolIsRefused() throws Exception {
        Path real = TestPackages.signed(dir.resolve("build"), key, "0.3.0", "0.1.0", 50_000);
        Files.createSymbolicLink(spool.resolve("package.snpkg"), real);
        Files.writeString(spool.resolve("install-request.json"), "{}");
        Optional<InstallHelper.Outcome> o = helper.run(Optional.empty());
        assertThat(o).map(InstallHelper.Outcome::kind).contains(InstallHelper.Outcome.Kind.REFUSED);
        assertThat(dpkg.installs).isEmpty();
        assertThat(result()).contains("symbolic link");
    }

    @Test
    void anInstallCutShortIsRolledBackByTheNextRun() throws Exception {
        Path previous = Files.createDirectories(state.resolve("kept")).resolve("streetnode_0.2.0_all.deb");
        Files.writeString(previous, "the running 0.2.0");
        dpkg.previous = previous;
        dpkg.installed = "0.3.0";
        new Job(Job.Phase.INSTALLING, "0.3.0", "0.2.0", previous, true, "").save(state);

        Optional<InstallHelper.Outcome> o = helper.run(Optional.empty());

        assertThat(o).map(InstallHelper.Outcome::kind).contains(InstallHelper.Outcome.Kind.ROLLED_BACK);
        assertThat(dpkg.installs).extracting(String::new).containsExactly("the running 0.2.0");
        assertThat(result()).contains("\"outcome\" : \"rolled-back\"", "was cut short");
        assertThat(state.resolve("job.json")).doesNotExist();
    }

    @Test
    void aRollbackThatFailsIsKeptForTheNextRun() throws Exception {
        request(key);
        dpkg.failRollback = true;
        Optional<InstallHelper.Outcome> o = helper.run(Optional.empty());
        assertThat(o).map(InstallHelper.Outcome::kind).contains(InstallHelper.Outcome.Kind.FAILED);
        assertThat(result()).contains("\"outcome\" : \"failed\"", "the rollback to 0.2.0 failed too");
        assertThat(Job.load(state)).map(Job::phase).contains(Job.Phase.ROLLING_BACK);

        dpkg.failRollback = false;
        Files.delete(spool.resolve("install-result.json"));
        assertThat(helper.run(Optional.empty())).map(InstallHelper.Outcome::kind).contains(InstallHelper.Outcome.Kind.ROLLED_BACK);
        assertThat(result()).contains("\"outcome\" : \"rolled-back\"");
    }
}
