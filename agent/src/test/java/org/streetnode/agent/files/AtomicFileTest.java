package org.streetnode.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesTheContentWholeAndLeavesOnlyTheFile() throws IOException {
        Path file = dir.resolve("state.json");
        AtomicFile.write(file, "{\"level\":40}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("{\"level\":40}");
        assertThat(names()).containsExactly("state.json");
    }

    @Test
    void replacesTheOldContentWhileAReaderOfTheOldFileKeepsReadingIt() throws IOException {
        Path file = dir.resolve("counters.json");
        AtomicFile.write(file, "old content".getBytes(StandardCharsets.UTF_8));
        try (InputStream reader = Files.newInputStream(file)) {
            AtomicFile.write(file, "new".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(reader.readAllBytes(), StandardCharsets.UTF_8))
                    .as("the old file was renamed over, not written into").isEqualTo("old content");
        }
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(names()).containsExactly("counters.json");
    }

    @Test
    void aPrivateFileHasMode0600BeforeItsFirstByteIsWritten() throws IOException {
        Path file = dir.resolve("secrets/accounts.json");
        Files.createDirectories(file.getParent());
        // a crash's leftover, readable by all: the new file must not inherit its mode
        Files.writeString(AtomicFile.temporaryOf(file), "torn");
        Files.setPosixFilePermissions(AtomicFile.temporaryOf(file), PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFile.write(file, AtomicFile.PRIVATE, out -> {
            assertThat(Files.size(AtomicFile.temporaryOf(file))).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AtomicFile.temporaryOf(file))))
                    .as("the mode while nothing is written yet").isEqualTo("rw-------");
            out.write("key".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("key");
        assertThat(names(file.getParent())).containsExactly("accounts.json");
    }

    @Test
    void aPrivateWriteMakesAnExistingWiderFilePrivate() throws IOException {
        Path file = dir.resolve("selftest.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFile.writePrivate(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theFileHasTheModeItIsWrittenWith() throws IOException {
        Path file = dir.resolve("release.pub");
        AtomicFile.write(file, PosixFilePermissions.fromString("rw-r--r--"), out -> out.write('k'));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("lighting.json");
        AtomicFile.write(file, "kept".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFile.write(file, AtomicFile.PRIVATE, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("no space left on device");
        })).hasMessage("no space left on device");
        assertThat(Files.readString(file)).isEqualTo("kept");
        assertThat(names()).containsExactly("lighting.json");
    }

    @Test
    void aRenameThatFailsLeavesNoTemporaryFile() throws IOException {
        Path target = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(target.resolve("inside"), "x"); // a non-empty directory cannot be renamed over
        assertThatThrownBy(() -> AtomicFile.write(target, "x".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThat(names()).containsExactly("occupied");
    }

    @Test
    void aStageClosedUncommittedChangesNothing() throws IOException {
        Path file = dir.resolve("streetnode.toml");
        AtomicFile.write(file, "old".getBytes(StandardCharsets.UTF_8));
        try (AtomicFile.Staged staged = AtomicFile.stage(file, PosixFilePermissions.fromString("rw-r-----"),
                out -> out.write("new".getBytes(StandardCharsets.UTF_8)))) {
            assertThat(Files.readString(staged.path())).as("staged whole before the commit").isEqualTo("new");
        }
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(names()).containsExactly("streetnode.toml");

        try (AtomicFile.Staged staged = AtomicFile.stage(file, PosixFilePermissions.fromString("rw-r-----"),
                out -> out.write("new".getBytes(StandardCharsets.UTF_8)))) {
            staged.commit();
        }
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(names()).containsExactly("streetnode.toml");
    }

    @Test
    void createsAMissingDirectory() throws IOException {
        Path file = dir.resolve("data/secrets/psk.hex");
        AtomicFile.writePrivate(file, "00ff".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(file)).isEqualTo("00ff");
    }

    private List<String> names() throws IOException {
        return names(dir);
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
