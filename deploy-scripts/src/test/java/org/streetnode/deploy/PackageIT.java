package org.streetnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb the build made, checked with Debian's own tools: control data, file list and modes,
 * maintainer scripts, lintian, shellcheck; then installed into a scratch root with
 * {@code dpkg --root} (maintainer scripts run against it through DPKG_ROOT), upgraded, removed
 * and purged. Tools missing on a developer machine skip their test saying so; in CI
 * ({@code CI=true}, where .ci/run installs them) a missing tool fails.
 */
class PackageIT {
    static final Path DEB = Path.of(System.getProperty("streetnode.deb"));
    static final String VERSION = System.getProperty("streetnode.version");
    static final Path SCRIPTS = Path.of(System.getProperty("streetnode.scripts")).toAbsolutePath().normalize();
    static final Path REPO = SCRIPTS.getParent();

    @TempDir
    Path tmp;

    static void need(String tool, String why) {
        boolean there = Commands.available(tool);
        if (!there && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(tool + " is missing in CI; .ci/run installs it (" + why + ")");
        }
        assumeTrue(there, tool + " is not installed: skipping " + why + " (apt install " + tool + ")");
    }

    static void needRoot(String why) throws Exception {
        boolean root = Commands.ok(Path.of("/"), "id", "-u").out().strip().equals("0");
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI runs as root; " + why + " needs it");
        }
        assumeTrue(root, "not root: skipping " + why + " (chown to the service user needs root)");
    }

    @BeforeAll
    static void built() {
        assertThat(DEB).as("the build makes the package").isRegularFile();
        assertThat(DEB.getFileName().toString()).isEqualTo("streetnode_" + VERSION + "_all.deb");
    }

    @Test
    void controlDataNamesTheJavaRuntimeAndTheTools() throws Exception {
        need("dpkg-deb", "the control data check");
        Map<String, String> f = new java.util.HashMap<>();
        for (String field : List.of("Package", "Version", "Architecture", "Depends", "Section", "Maintainer", "Description")) {
            f.put(field, Commands.ok(tmp, "dpkg-deb", "--field", DEB.toString(), field).out().strip());
        }
        assertThat(f.get("Package")).isEqualTo("streetnode");
        assertThat(f.get("Version")).isEqualTo(VERSION);
        assertThat(f.get("Architecture")).isEqualTo("all");
        // Debian 13 has openjdk-21; Debian 12 / Raspberry Pi OS bookworm need a Java 21 from elsewhere
        // (Temurin), or any package that provides java21-runtime-headless (openjdk-25 does).
        assertThat(f.get("Depends")).startsWith("openjdk-21-jre-headless | java21-runtime-headless | temurin-21-jre")
                .contains("passwd").contains("init-system-helpers");
        assertThat(f.get("Maintainer")).matches(".+ <.+@.+>");

        String conffiles = Commands.ok(tmp, "dpkg-deb", "--info", DEB.toString(), "conffiles").out();
        assertThat(Commands.lines(conffiles)).containsExactlyInAnyOrder("/etc/streetnode/streetnode.toml",
                "/etc/streetnode/boards/raspberry-pi.toml", "/etc/streetnode/boards/simulated.toml");
    }

    @Test
    void fileListAndModes() throws Exception {
        need("dpkg-deb", "the file list check");
        Pattern entry = Pattern.compile("^(\\S+) (\\S+)/(\\S+)\\s+\\d+ \\S+ \\S+ \\./(\\S*)$");
        Map<String, String> files = new java.util.TreeMap<>();
        Map<String, String> models = new java.util.TreeMap<>();
        for (String line : Commands.lines(Commands.ok(tmp, "dpkg-deb", "--contents", DEB.toString()).out())) {
            Matcher m = entry.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            assertThat(m.group(2) + ":" + m.group(3)).as("shipped root-owned (postinst sets owners): " + line).isEqualTo("root:root");
            if (m.group(1).startsWith("d")) {
                continue;
            }
            if (m.group(4).startsWith("usr/share/streetnode/models/")) {
                models.put(m.group(4).substring("usr/share/streetnode/models/".length()), m.group(1));
            } else {
                files.put("/" + m.group(4), m.group(1));
            }
        }
        // the DDF files of every object the node serves (the agent's test checks their content)
        assertThat(models.keySet()).contains("3-1_1.xml", "3416-2_0.xml", "33100-1_0.xml", "33101-1_0.xml")
                .allMatch(n -> n.matches("\\d+-\\d+_\\d+\\.xml"));
        assertThat(models.values()).containsOnly("-rw-r--r--");
        assertThat(files).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("/usr/bin/streetnode", "-rwxr-xr-x"),
                Map.entry("/usr/share/streetnode/streetnode.jar", "-rw-r--r--"),
                Map.entry("/usr/share/streetnode/find-java.sh", "-rwxr-xr-x"),
                Map.entry("/usr/share/streetnode/setup.sh", "-rw-r--r--"),
                Map.entry("/usr/lib/systemd/system/streetnode.service", "-rw-r--r--"),
                Map.entry("/usr/lib/systemd/system/streetnode-update.service", "-rw-r--r--"),
                Map.entry("/usr/lib/systemd/system/streetnode-update.path", "-rw-r--r--"),
                Map.entry("/usr/lib/udev/rules.d/60-streetnode-pwm.rules", "-rw-r--r--"),
                Map.entry("/etc/streetnode/streetnode.toml", "-rw-r--r--"),
                Map.entry("/etc/streetnode/boards/raspberry-pi.toml", "-rw-r--r--"),
                Map.entry("/etc/streetnode/boards/simulated.toml", "-rw-r--r--"),
                Map.entry("/usr/share/doc/streetnode/copyright", "-rw-r--r--"),
                Map.entry("/usr/share/doc/streetnode/changelog.gz", "-rw-r--r--"),
                Map.entry("/usr/share/doc/streetnode/README.md.gz", "-rw-r--r--")));
        // no secrets ship, ever
        assertThat(files.keySet()).noneMatch(p -> p.contains("secrets") || p.endsWith(".key") || p.endsWith(".hex"));
        // what the unit names as its documentation is there
        Matcher doc = Pattern.compile("(?m)^Documentation=file://(\\S+)$")
                .matcher(Files.readString(SCRIPTS.resolve("systemd/streetnode.service")));
        assertThat(doc.find()).as("the unit has a Documentation= file").isTrue();
        assertThat(files).containsKey(doc.group(1));
    }

    @Test
    void maintainerScriptsAreThereExecutableAndShellcheckClean() throws Exception {
        need("dpkg-deb", "the maintainer script check");
        Path control = tmp.resolve("control");
        Commands.ok(tmp, "dpkg-deb", "--control", DEB.toString(), control.toString());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(control.resolve(script)).as(script).isExecutable();
            assertThat(Files.readString(control.resolve(script))).startsWith("#!/bin/sh\n").contains("set -e");
        }
        assertThat(control.resolve("preinst")).doesNotExist();
        need("shellcheck", "shellcheck of the maintainer scripts");
        Commands.Result r = Commands.run(REPO, "shellcheck", "--shell=sh", "-x", control.resolve("postinst").toString(),
                control.resolve("prerm").toString(), control.resolve("postrm").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
    }

    @Test
    void everyShellScriptIsShellcheckClean() throws Exception {
        need("shellcheck", "shellcheck of the scripts");
        List<String> scripts = new ArrayList<>(List.of("deploy-scripts/streetnode", "deploy-scripts/find-java.sh",
                "deploy-scripts/install.sh", "deploy-scripts/arch-check.sh", "deploy-scripts/lib/setup.sh",
                "deploy-scripts/debian/postinst", "deploy-scripts/debian/prerm", "deploy-scripts/debian/postrm", ".ci/run"));
        try (Stream<Path> bench = Files.list(REPO.resolve("agent/src/bench"))) {
            bench.filter(p -> p.toString().endsWith(".sh")).forEach(p -> scripts.add(REPO.relativize(p).toString()));
        }
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        command.addAll(scripts);
        Commands.Result r = Commands.run(REPO, command.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
    }

    /** Warnings lintian gives that are accepted, each for a reason. Errors are never accepted. */
    static final Set<String> ACCEPTED_LINTIAN_WARNINGS = Set.of(
            // Ant's gzip (the build needs no system gzip) does not use level 9; the file is 200 bytes.
            "changelog-not-compressed-with-max-compression",
            // `streetnode --help` and `streetnode COMMAND --help` are the manual.
            "no-manual-page",
            // JLine ships Java 22 classes for its FFM terminal in a multi-release jar; Java 21 ignores them.
            "unknown-java-class-version");

    @Test
    void lintianFindsNoErrorAndOnlyAcceptedWarnings() throws Exception {
        need("lintian", "the lintian check");
        Commands.Result r = Commands.run(tmp, "lintian", "--allow-root", DEB.toString());
        List<String> tags = Commands.lines(r.out()).stream().filter(l -> l.matches("^[EWI]: .*")).toList();
        assertThat(tags).as(r.all()).noneMatch(l -> l.startsWith("E: "));
        assertThat(tags.stream().filter(l -> l.startsWith("W: ")).map(l -> l.split(" ")[2]).toList())
                .as(r.all()).allMatch(ACCEPTED_LINTIAN_WARNINGS::contains);
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        need("systemd-analyze", "systemd-analyze verify of the unit");
        // verify checks ExecStart exists: point it at an installed launcher in a scratch tree
        Path usrBin = Files.createDirectories(tmp.resolve("usr/bin"));
        Files.copy(SCRIPTS.resolve("streetnode"), usrBin.resolve("streetnode"));
        Path unit = tmp.resolve("streetnode.service");
        Files.writeString(unit, Files.readString(SCRIPTS.resolve("systemd/streetnode.service"))
                .replace("ExecStart=/usr/bin/streetnode", "ExecStart=" + usrBin.resolve("streetnode")));
        Commands.Result r = Commands.run(tmp, "systemd-analyze", "verify", unit.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).as("no complaint about the unit").doesNotContain("streetnode.service");
        String text = Files.readString(unit);
        assertThat(text).contains("Type=notify", "WatchdogSec=", "Restart=always", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "MemoryMax=", "RuntimeDirectoryMode=0751", "StateDirectoryMode=0700");
    }

    /**
     * The install helper's units as systemd reads them (the path unit names its service, which
     * must be beside it), every directive commented, and watching the spool the agent writes.
     */
    @Test
    void theInstallHelpersUnitsPassSystemdAnalyzeVerify() throws Exception {
        need("systemd-analyze", "systemd-analyze verify of the install helper's units");
        Path usrBin = Files.createDirectories(tmp.resolve("usr/bin"));
        Files.copy(SCRIPTS.resolve("streetnode"), usrBin.resolve("streetnode"));
        String service = Files.readString(SCRIPTS.resolve("systemd/streetnode-update.service"));
        Files.writeString(tmp.resolve("streetnode-update.service"),
                service.replace("ExecStart=/usr/bin/streetnode", "ExecStart=" + usrBin.resolve("streetnode")));
        Files.copy(SCRIPTS.resolve("systemd/streetnode-update.path"), tmp.resolve("streetnode-update.path"));
        Commands.Result r = Commands.run(tmp, "systemd-analyze", "verify", tmp.resolve("streetnode-update.path").toString(),
                tmp.resolve("streetnode-update.service").toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).as("no complaint about the units").doesNotContain("streetnode-update");
        assertThat(service).contains("Type=oneshot", "ExecStart=/usr/bin/streetnode update install --from-spool",
                "ConditionPathExists=|/var/lib/streetnode/update/install-request.json",
                "ConditionPathExists=|/var/lib/streetnode-update/job.json", "StateDirectoryMode=0700");
        assertThat(Files.readString(tmp.resolve("streetnode-update.path")))
                .contains("PathExists=/var/lib/streetnode/update/install-request.json", "Unit=streetnode-update.service");
        for (String unit : List.of("streetnode-update.service", "streetnode-update.path")) {
            assertEveryDirectiveCommented(Files.readAllLines(SCRIPTS.resolve("systemd/" + unit)), unit);
        }
    }

    /** Each directive line follows a comment line, or another directive that a comment introduced. */
    static void assertEveryDirectiveCommented(List<String> lines, String unit) {
        boolean commented = false;
        for (String line : lines) {
            if (line.startsWith("#")) {
                commented = true;
            } else if (line.isBlank() || line.startsWith("[")) {
                commented = false;
            } else {
                assertThat(commented).as(unit + ": a comment says why " + line).isTrue();
            }
        }
    }

    /**
     * systemd's own measure of what the unit leaves open: 2.3 ("OK") with systemd 252, where the
     * unit before its sandbox was tightened scored 6.3 ("MEDIUM"). The bound leaves room for
     * other systemd versions, which weigh a little differently.
     */
    @Test
    void theUnitsExposureStaysLowAsSystemdAnalyzeSecurityRatesIt() throws Exception {
        need("systemd-analyze", "systemd-analyze security of the unit");
        Commands.Result r = Commands.run(tmp, "systemd-analyze", "security", "--offline=yes",
                SCRIPTS.resolve("systemd/streetnode.service").toString());
        Matcher overall = Pattern.compile("Overall exposure level for streetnode.service: (\\d+\\.\\d)").matcher(r.all());
        assertThat(overall.find()).as(r.all()).isTrue();
        assertThat(Double.parseDouble(overall.group(1))).as(r.all()).isLessThanOrEqualTo(3.0);
    }

    @Test
    void installsIntoAScratchRootThenUpgradesRemovesAndPurges() throws Exception {
        need("dpkg", "the scratch-root installation");
        needRoot("the scratch-root installation");
        StagingRoot root = StagingRoot.create(tmp.resolve("root")).withDpkgDatabase();
        dpkg(root, "--install", DEB.toString());
        root.assertInstalled();
        assertThat(Commands.ok(tmp, "dpkg-query", "--admindir=" + root.path("/var/lib/dpkg"), "--showformat=${Status}",
                "--show", "streetnode").out()).isEqualTo("install ok installed");
        assertLauncherRuns(root);

        // as after provisioning: the config changed, credentials and data written
        Path config = root.path("/etc/streetnode/streetnode.toml");
        Files.writeString(config, Files.readString(config).replace("streetnode-0001", "pole-17"));
        Files.writeString(root.path("/etc/streetnode/secrets/psk.hex"), "00112233\n");
        Files.writeString(root.path("/var/lib/streetnode/lighting.json"), "{}\n");

        dpkg(root, "--install", repackaged(VERSION + "+1").toString());
        root.assertInstalled();
        assertThat(Files.readString(config)).as("upgrade keeps the config").contains("endpoint = \"pole-17\"");
        assertThat(root.path("/etc/streetnode/secrets/psk.hex")).hasContent("00112233");
        root.assertOwned("/etc/streetnode/secrets/psk.hex", "streetnode", "streetnode", "rw-------");
        assertThat(root.path("/var/lib/streetnode/lighting.json")).as("upgrade keeps the data").exists();

        dpkg(root, "--remove", "streetnode");
        assertThat(root.path("/usr/share/streetnode/streetnode.jar")).doesNotExist();
        assertThat(root.path("/usr/bin/streetnode")).doesNotExist();
        assertThat(config).as("remove keeps the config").exists();
        assertThat(root.path("/var/lib/streetnode/lighting.json")).as("remove keeps the data").exists();

        dpkg(root, "--purge", "streetnode");
        assertThat(root.path("/etc/streetnode")).as("purge removes config and credentials").doesNotExist();
        assertThat(root.path("/var/lib/streetnode")).as("purge removes the data").doesNotExist();
        assertThat(root.path("/var/cache/streetnode")).doesNotExist();
        assertThat(root.path("/etc/systemd/system/multi-user.target.wants/streetnode.service")).doesNotExist();
        assertThat(root.path("/var/lib/streetnode-update")).as("purge removes the kept packages").doesNotExist();
        assertThat(root.path("/etc/systemd/system/paths.target.wants/streetnode-update.path")).doesNotExist();
        assertThat(root.id("passwd", "streetnode")).as("the system user stays").isPresent();
    }

    private void dpkg(StagingRoot root, String... args) throws Exception {
        dpkg(tmp, root, args);
    }

    /** dpkg on a scratch root: maintainer scripts against it (DPKG_ROOT), no dependencies or triggers. */
    static void dpkg(Path cwd, StagingRoot root, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root.dir(), "--force-script-chrootless",
                "--force-depends", "--no-triggers"));
        command.addAll(List.of(args));
        Commands.ok(cwd, Map.of("DPKG_ROOT", root.dir().toString()), command.toArray(String[]::new));
    }

    /** The same package under another version, for a real upgrade. */
    private Path repackaged(String version) throws Exception {
        Path tree = tmp.resolve("repack");
        Commands.ok(tmp, "dpkg-deb", "--raw-extract", DEB.toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replace("Version: " + VERSION, "Version: " + version));
        Path deb = tmp.resolve("streetnode_" + version + "_all.deb");
        Commands.ok(tmp, "dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString());
        return deb;
    }

    static void assertLauncherRuns(StagingRoot root) throws IOException, InterruptedException {
        Commands.Result r = Commands.ok(root.dir(), Map.of("JAVA_HOME", System.getProperty("java.home"),
                "STREETNODE_CDS_DIR", root.dir().resolve("cds").toString()), root.path("/usr/bin/streetnode").toString(), "version");
        assertThat(r.out()).as("the installed launcher finds its jar and Java").startsWith("streetnode " + VERSION);
    }
}
