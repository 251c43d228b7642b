package org.streetnode.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Debian version order, checked against the policy's examples and, where installed, dpkg itself. */
class DebianVersionTest {
    /** Each version is older than the next (Debian Policy 5.6.12 and dpkg's own test cases). */
    private static final List<String> ASCENDING = List.of(
            "0.1.0~rc1", "0.1.0", "0.1.0-1", "0.1.0-1.1", "0.1.0-2", "0.1.0a", "0.1.0+b1", "0.1.1", "0.1.10",
            "0.2.0~~", "0.2.0~~a", "0.2.0~", "0.2.0", "0.10.0", "1.0", "1.0a", "1.0.0", "1.0.0+x", "2", "1:0.1");

    @Test
    void versionsOrderAsDpkgOrdersThem() {
        for (int i = 0; i < ASCENDING.size(); i++) {
            for (int j = 0; j < ASCENDING.size(); j++) {
                DebianVersion a = DebianVersion.parse(ASCENDING.get(i));
                DebianVersion b = DebianVersion.parse(ASCENDING.get(j));
                assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(Integer.compare(i, j)));
            }
        }
        assertThat(DebianVersion.parse("1.0").compareTo(DebianVersion.parse("1.00"))).isZero();
        assertThat(DebianVersion.parse("0.2.0-0").compareTo(DebianVersion.parse("0.2.0"))).isZero();
    }

    @Test
    void dpkgAgrees() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "dpkg is not installed: skipped (the order is checked above)");
        for (int i = 0; i + 1 < ASCENDING.size(); i++) {
            Process p = new ProcessBuilder("dpkg", "--compare-versions", ASCENDING.get(i), "lt", ASCENDING.get(i + 1)).start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("dpkg: %s < %s", ASCENDING.get(i), ASCENDING.get(i + 1)).isZero();
        }
    }

    @Test
    void whatIsNoVersionIsRefusedSayingWhy() {
        assertThatThrownBy(() -> DebianVersion.parse("")).hasMessageContaining("must start with a digit");
        assertThatThrownBy(() -> DebianVersion.parse("v1.0")).hasMessageContaining("must start with a digit");
        assertThatThrownBy(() -> DebianVersion.parse("x:1.0")).hasMessageContaining("epoch");
        assertThatThrownBy(() -> DebianVersion.parse("1.0-")).hasMessageContaining("revision");
        assertThatThrownBy(() -> DebianVersion.parse("1.0 beta")).hasMessageContaining("must start with a digit");
        assertThat(DebianVersion.parse("2:1.0-3").toString()).isEqualTo("2:1.0-3");
    }
}
