package org.streetnode.agent.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Java side of {@code src/test/native/powercut.c}: builds the library, writes the baseline
 * (the tree as it stands, all of it durable) before a process runs under it, and after the
 * process was killed puts the tree back to what the layer says was durable: a power cut. See
 * the C file for the model.
 */
final class PowerCutLayer {
    private final Path library;
    private final Path tree;
    private final Path shadow;
    private int generation;

    private PowerCutLayer(Path library, Path tree, Path shadow) {
        this.library = library;
        this.tree = tree;
        this.shadow = shadow;
    }

    /**
     * Compiles the layer with {@code cc} into {@code workDir}; empty, with the reason, when there
     * is no C compiler or the source is not found.
     */
    static Result build(Path workDir, Path tree, Path shadow) throws IOException, InterruptedException {
        Optional<Path> source = Stream.of("src/test/native/powercut.c", "agent/src/test/native/powercut.c")
                .map(Path::of).filter(Files::isRegularFile).findFirst();
        if (source.isEmpty()) {
            return new Result(Optional.empty(), "powercut.c not found from " + Path.of("").toAbsolutePath());
        }
        Path lib = workDir.resolve("powercut.so");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O2", "-Wall", "-o", lib.toString(),
                    source.get().toString(), "-ldl", "-lpthread").redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(Optional.empty(), "no C compiler (cc) to build the power-cut layer: " + e.getMessage()
                    + " (Debian: gcc libc6-dev)");
        }
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(2, TimeUnit.MINUTES) || cc.exitValue() != 0) {
            return new Result(Optional.empty(), "cc could not build the power-cut layer: " + output);
        }
        return new Result(Optional.of(new PowerCutLayer(lib, tree, shadow)), "");
    }

    /** The layer, or why there is none. */
    record Result(Optional<PowerCutLayer> layer, String reason) {}

    /** Without the layer a test is skipped with the reason; under {@code CI=true} it fails. */
    static void skipUnlessBuilt(boolean built, String reason) {
        if (!built && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(built, reason);
    }

    /** What a process needs in its environment to run under the layer. */
    Map<String, String> environment() {
        return Map.of("LD_PRELOAD", library.toString(), "POWERCUT_DIR", tree.toString(), "POWERCUT_SHADOW",
                shadow.toString());
    }

    /** The tree as it stands becomes the durable state (a fresh shadow, every file and name in it). */
    void baseline() throws IOException {
        Path log = shadow.resolve("log");
        if (Files.exists(log)) {
            // kept for a post-mortem: every run's events, one after the other
            Files.write(shadow.resolveSibling("powercut.log"), Files.readAllBytes(log), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        deleteTree(shadow);
        for (String d : List.of("ids", "data", "dirs")) {
            Files.createDirectories(shadow.resolve(d));
        }
        generation++;
        Files.writeString(shadow.resolve("root"), record(tree), StandardCharsets.US_ASCII);
    }

    private int counter;

    /** Gives {@code p} a baseline identity with its content or listing; returns the identity. */
    private String record(Path p) throws IOException {
        String id = "base" + generation + "." + (++counter);
        Files.writeString(shadow.resolve("ids").resolve(Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino")),
                id, StandardCharsets.US_ASCII);
        if (Files.isDirectory(p)) {
            StringBuilder listing = new StringBuilder();
            try (Stream<Path> children = Files.list(p)) {
                for (Path c : children.sorted().toList()) {
                    if (Files.isRegularFile(c) || Files.isDirectory(c)) {
                        listing.append(Files.isDirectory(c) ? "d " : "f ").append(record(c)).append(' ')
                                .append(Integer.toOctalString(mode(c))).append(' ').append(c.getFileName()).append('\n');
                    }
                }
            }
            Files.writeString(shadow.resolve("dirs").resolve(id), listing, StandardCharsets.UTF_8);
        } else {
            Files.copy(p, shadow.resolve("data").resolve(id));
        }
        return id;
    }

    /**
     * The power cut, once the process is dead: the tree becomes what was durable, and that is the
     * new baseline. Returns the lines of the layer's log that say it could not follow something.
     */
    List<String> cut() throws IOException {
        List<String> problems = problems();
        String root = Files.readString(shadow.resolve("root"), StandardCharsets.US_ASCII).strip();
        try (Stream<Path> children = Files.list(tree)) {
            for (Path c : children.toList()) {
                deleteTree(c);
            }
        }
        rebuild(root, tree);
        baseline();
        return problems;
    }

    /** The layer's own complaints: files it saw made durable without having seen them created, errors. */
    List<String> problems() throws IOException {
        Path log = shadow.resolve("log");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith("untracked") || line.startsWith("error")) {
                out.add(line);
            }
        }
        return out;
    }

    private void rebuild(String dirId, Path dir) throws IOException {
        Path listing = shadow.resolve("dirs").resolve(dirId);
        if (!Files.exists(listing)) {
            return; // never synced: no name in it is durable
        }
        for (String line : Files.readAllLines(listing, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 4);
            Path target = dir.resolve(f[3]);
            int mode = Integer.parseInt(f[2], 8);
            if (f[0].equals("d")) {
                Files.createDirectory(target);
                rebuild(f[1], target);
            } else {
                Path data = shadow.resolve("data").resolve(f[1]);
                if (Files.exists(data)) {
                    Files.copy(data, target);
                } else {
                    Files.createFile(target); // named durably, content never synced
                }
            }
            Files.setPosixFilePermissions(target, permissions(mode));
        }
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
