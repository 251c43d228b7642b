package org.streetnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install.sh (for systems without dpkg) into a staging root: the same result as the package, idempotent. */
class InstallScriptIT {
    @TempDir
    Path tmp;

    private Commands.Result install(StagingRoot root, String... more) throws Exception {
        String[] command = new String[2 + more.length];
        command[0] = PackageIT.SCRIPTS.resolve("install.sh").toString();
        command[1] = "--root=" + root.dir();
        System.arraycopy(more, 0, command, 2, more.length);
        return Commands.ok(tmp, command);
    }

    @Test
    void installsLikeThePackageAgainAndAgainThenPurges() throws Exception {
        PackageIT.needRoot("install.sh into a staging root");
        StagingRoot root = StagingRoot.create(tmp.resolve("root"));

        Commands.Result first = install(root);
        assertThat(first.out()).contains("created system user streetnode", "installed");
        root.assertInstalled();
        PackageIT.assertLauncherRuns(root);
        String passwd = Files.readString(root.path("/etc/passwd"));
        String group = Files.readString(root.path("/etc/group"));

        Path config = root.path("/etc/streetnode/streetnode.toml");
        Files.writeString(config, Files.readString(config).replace("streetnode-0001", "pole-17"));
        Files.writeString(root.path("/etc/streetnode/secrets/psk.hex"), "00112233\n");

        Commands.Result again = install(root);
        assertThat(again.out()).doesNotContain("created").contains("kept your " + config);
        assertThat(root.path("/etc/passwd")).as("no second user").hasContent(passwd.strip());
        assertThat(root.path("/etc/group")).as("no second group, no duplicate membership").hasContent(group.strip());
        assertThat(Files.readString(config)).contains("endpoint = \"pole-17\"");
        root.assertInstalled();
        root.assertOwned("/etc/streetnode/secrets/psk.hex", "streetnode", "streetnode", "rw-------");

        install(root, "--uninstall");
        assertThat(root.path("/usr/share/streetnode")).doesNotExist();
        assertThat(config).exists();

        install(root, "--purge");
        assertThat(root.path("/etc/streetnode")).doesNotExist();
        assertThat(root.path("/var/lib/streetnode")).doesNotExist();
    }

    @Test
    void refusesAStagingRootWithoutAccountFiles() throws Exception {
        Files.createDirectories(tmp.resolve("bare"));
        Commands.Result r = Commands.run(tmp, PackageIT.SCRIPTS.resolve("install.sh").toString(), "--root", tmp.resolve("bare").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("etc/passwd is missing");
    }
}
