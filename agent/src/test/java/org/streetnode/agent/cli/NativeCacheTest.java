package org.streetnode.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeCacheTest {
    @TempDir
    Path cache;

    private final ClassLoader loader = NativeCacheTest.class.getClassLoader();

    @Test
    void unpacksThisMachinesLibrariesReadOnlyIntoADirectoryOnlyItsOwnerWrites() throws IOException {
        Path dir = cache.resolve("natives-1-2");

        assertThat(NativeCache.ensure(dir, NativeCache.forThisMachine(), loader)).isTrue();

        assertThat(names(dir)).containsExactlyInAnyOrder("libsqlitejdbc.so", "libjnidispatch.so");
        for (NativeCache.Library library : NativeCache.forThisMachine()) {
            Path file = dir.resolve(library.fileName());
            assertThat(Files.readAllBytes(file)).isEqualTo(resource(library.resource()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        assertThat(names(cache)).containsExactly("natives-1-2");
    }

    @Test
    void aDirectoryThereAlreadyIsLeftAsItIs() throws IOException {
        Path dir = cache.resolve("natives-1-2");
        NativeCache.ensure(dir, NativeCache.forThisMachine(), loader);
        FileTime unpacked = Files.getLastModifiedTime(dir.resolve("libsqlitejdbc.so"));

        assertThat(NativeCache.ensure(dir, NativeCache.forThisMachine(), loader)).isFalse();

        assertThat(Files.getLastModifiedTime(dir.resolve("libsqlitejdbc.so"))).isEqualTo(unpacked);
    }

    @Test
    void aNewVersionRemovesOldOnesAndAbandonedPartialOnesButNotOneBeingWritten() throws IOException {
        Path old = Files.createDirectories(cache.resolve("natives-1-1"));
        Files.writeString(old.resolve("libsqlitejdbc.so"), "old");
        Path abandoned = Files.createDirectories(cache.resolve("natives-1-1.partial-77"));
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.createDirectories(cache.resolve("natives-1-2.partial-78"));
        Files.writeString(cache.resolve("streetnode-1-2-run.jsa"), "archive");

        NativeCache.ensure(cache.resolve("natives-1-2"), NativeCache.forThisMachine(), loader);

        assertThat(names(cache)).containsExactlyInAnyOrder("natives-1-2", "natives-1-2.partial-78", "streetnode-1-2-run.jsa");
    }

    @Test
    void aLibraryMissingFromTheJarLeavesNoDirectoryBehind() {
        Path dir = cache.resolve("natives-1-2");
        List<NativeCache.Library> libraries = List.of(NativeCache.forThisMachine().get(0),
                new NativeCache.Library("com/sun/jna/no-such-arch/libjnidispatch.so", "libjnidispatch.so"));

        assertThatThrownBy(() -> NativeCache.ensure(dir, libraries, loader)).isInstanceOf(IOException.class)
                .hasMessageContaining("no com/sun/jna/no-such-arch/libjnidispatch.so in the jar");

        assertThat(cache).isEmptyDirectory();
    }

    private byte[] resource(String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void givesJnaItsSearchPathSoThatItDoesNotRunLdconfigAtEveryStart() {
        Properties pi64 = new Properties();
        NativeCache.setJnaPlatformPath(pi64, "aarch64");
        assertThat(pi64.getProperty("jna.platform.library.path"))
                .isEqualTo("/usr/lib/aarch64-linux-gnu:/lib/aarch64-linux-gnu:/usr/lib:/lib");

        Properties pi32 = new Properties();
        NativeCache.setJnaPlatformPath(pi32, "arm");
        assertThat(pi32.getProperty("jna.platform.library.path")).startsWith("/usr/lib/arm-linux-gnueabihf:");

        Properties unknown = new Properties();
        NativeCache.setJnaPlatformPath(unknown, "sparcv9");
        assertThat(unknown.getProperty("jna.platform.library.path")).isEqualTo("/usr/lib:/lib");
    }

    @Test
    void leavesAJnaSearchPathGivenOnTheCommandLine() {
        Properties given = new Properties();
        given.setProperty("jna.platform.library.path", "/opt/lib");
        NativeCache.setJnaPlatformPath(given, "aarch64");
        assertThat(given.getProperty("jna.platform.library.path")).isEqualTo("/opt/lib");
    }
}
