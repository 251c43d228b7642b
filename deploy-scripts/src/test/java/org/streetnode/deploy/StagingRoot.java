package org.streetnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A scratch root to install into, as a fresh system would start: account files with root (and
 * dialout, as Debian has it) and nothing else. Owners are checked by the ids its own account
 * files give, not the build machine's.
 */
record StagingRoot(Path dir) {

    static StagingRoot create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\ndialout:x:20:\n");
        Files.writeString(dir.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(dir.resolve("etc/gshadow"), "root:*::\ndialout:*::\n");
        return new StagingRoot(dir);
    }

    /** Adds an empty dpkg database, for {@code dpkg --root}. */
    StagingRoot withDpkgDatabase() throws IOException {
        Path admin = Files.createDirectories(dir.resolve("var/lib/dpkg"));
        Files.createDirectories(admin.resolve("info"));
        Files.createDirectories(admin.resolve("updates"));
        Files.createDirectories(admin.resolve("triggers"));
        Files.writeString(admin.resolve("status"), "");
        Files.writeString(admin.resolve("available"), "");
        return this;
    }

    Path path(String absolute) {
        return dir.resolve(absolute.substring(1));
    }

    Optional<Integer> id(String file, String name) throws IOException {
        return Files.readAllLines(dir.resolve("etc/" + file)).stream().map(l -> l.split(":", -1))
                .filter(f -> f[0].equals(name)).map(f -> Integer.parseInt(f[2])).findFirst();
    }

    List<String> members(String group) throws IOException {
        return Files.readAllLines(dir.resolve("etc/group")).stream().map(l -> l.split(":", -1))
                .filter(f -> f[0].equals(group)).findFirst()
                .map(f -> f[3].isEmpty() ? List.<String>of() : Arrays.asList(f[3].split(","))).orElse(List.of());
    }

    /** Asserts owner, group (by name, through this root's account files) and mode of a path. */
    void assertOwned(String absolute, String user, String group, String mode) throws IOException {
        Path p = path(absolute);
        assertThat(p).as(absolute).exists();
        int uid = (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (int) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        assertThat(uid).as(absolute + " owner").isEqualTo(id("passwd", user).orElseThrow());
        assertThat(gid).as(absolute + " group").isEqualTo(id("group", group).orElseThrow());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)))
                .as(absolute + " mode").isEqualTo(mode);
    }

    /** What both the package and install.sh must leave: user, groups, directories, owners, modes, the enabled unit. */
    void assertInstalled() throws IOException {
        assertThat(Files.readAllLines(dir.resolve("etc/passwd"))).anyMatch(l -> l.matches(
                "streetnode:x:\\d+:\\d+:streetnode agent:/var/lib/streetnode:/usr/sbin/nologin"));
        for (String g : List.of("gpio", "i2c", "dialout", "streetnode-maintenance")) {
            assertThat(members(g)).as("members of " + g).contains("streetnode");
        }
        assertThat(id("group", "streetnode-operators")).isPresent();
        assertThat(members("streetnode-operators")).as("the agent acts for nobody").doesNotContain("streetnode");

        assertOwned("/etc/streetnode", "root", "streetnode-maintenance", "rwxr-x---");
        assertOwned("/etc/streetnode/streetnode.toml", "root", "streetnode-maintenance", "rw-r-----");
        assertOwned("/etc/streetnode/boards", "root", "streetnode-maintenance", "rwxr-x---");
        assertOwned("/etc/streetnode/boards/raspberry-pi.toml", "root", "streetnode-maintenance", "rw-r-----");
        assertOwned("/etc/streetnode/boards/simulated.toml", "root", "streetnode-maintenance", "rw-r-----");
        assertOwned("/etc/streetnode/secrets", "streetnode", "streetnode", "rwx------");
        assertOwned("/var/lib/streetnode", "streetnode", "streetnode", "rwx------");
        assertOwned("/var/cache/streetnode", "streetnode", "streetnode", "rwxr-xr-x");
        assertOwned("/var/lib/streetnode/update", "streetnode", "streetnode", "rwx------");
        assertOwned("/var/lib/streetnode-update", "root", "root", "rwx------");

        assertOwned("/usr/bin/streetnode", "root", "root", "rwxr-xr-x");
        assertOwned("/usr/share/streetnode/streetnode.jar", "root", "root", "rw-r--r--");
        assertOwned("/usr/share/streetnode/find-java.sh", "root", "root", "rwxr-xr-x");
        assertOwned("/usr/share/streetnode/models/33100-1_0.xml", "root", "root", "rw-r--r--");
        assertOwned("/usr/lib/systemd/system/streetnode.service", "root", "root", "rw-r--r--");
        assertOwned("/usr/lib/systemd/system/streetnode-update.service", "root", "root", "rw-r--r--");
        assertOwned("/usr/lib/systemd/system/streetnode-update.path", "root", "root", "rw-r--r--");
        assertOwned("/usr/lib/udev/rules.d/60-streetnode-pwm.rules", "root", "root", "rw-r--r--");
        Path wants = path("/etc/systemd/system/multi-user.target.wants/streetnode.service");
        assertThat(Files.isSymbolicLink(wants)).as("enabled: " + wants).isTrue();
        assertThat(Files.readSymbolicLink(wants).toString()).endsWith("/systemd/system/streetnode.service");
        for (String link : List.of("/etc/systemd/system/paths.target.wants/streetnode-update.path",
                "/etc/systemd/system/multi-user.target.wants/streetnode-update.service")) {
            assertThat(Files.isSymbolicLink(path(link))).as("enabled: " + link).isTrue();
            assertThat(Files.readSymbolicLink(path(link)).toString()).endsWith(link.substring(link.lastIndexOf('/')));
        }
    }
}
