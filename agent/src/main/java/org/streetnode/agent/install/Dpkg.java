package org.streetnode.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * dpkg, as the helper uses it: the installed version of streetnode, what a {@code .deb} is, an
 * install that keeps changed configuration files ({@code --force-confold}, never a question),
 * and a rebuild of the installed version's {@code .deb} from its files for the first rollback.
 * On a staging root ({@code dpkg --root}, as the package test installs) the maintainer scripts
 * run against that root (DPKG_ROOT) and dependencies are not checked.
 */
class Dpkg {
    static final String PACKAGE = "streetnode";
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final Path root;
    private final boolean staging;

    /** @param root "/" for this system, else a staging root */
    Dpkg(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.staging = !this.root.equals(Path.of("/"));
    }

    /** What a {@code .deb}'s control data says it is. */
    record DebInfo(String name, String version) {
    }

    private Path admindir() {
        return root.resolve("var/lib/dpkg");
    }

    private List<String> query(String... args) {
        List<String> c = new ArrayList<>(List.of("dpkg-query", "--admindir=" + admindir()));
        c.addAll(List.of(args));
        return c;
    }

    /** The version of streetnode dpkg has installed (fully configured), if any. */
    Optional<String> installedVersion() throws IOException {
        Processes.Ran r = Processes.run(query("--showformat=${db:Status-Abbrev}|${Version}", "--show", PACKAGE), Map.of(), LIMIT);
        if (r.exitCode() != 0) {
            return Optional.empty();
        }
        String[] f = r.output().strip().split("\\|", 2);
        return f.length == 2 && f[0].strip().equals("ii") ? Optional.of(f[1].strip()) : Optional.empty();
    }

    DebInfo inspect(Path deb) throws IOException {
        String out = Processes.ok(List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version"), Map.of(), LIMIT);
        Map<String, String> fields = new HashMap<>();
        out.lines().map(l -> l.split(":", 2)).filter(f -> f.length == 2).forEach(f -> fields.put(f[0].strip(), f[1].strip()));
        return new DebInfo(fields.getOrDefault("Package", ""), fields.getOrDefault("Version", ""));
    }

    /** Installs (or reinstalls, or downgrades to) {@code deb}, non-interactively, keeping changed conffiles. */
    void install(Path deb) throws IOException {
        List<String> c = new ArrayList<>(List.of("dpkg", "--force-confold", "--force-confdef"));
        Map<String, String> env = new HashMap<>(Map.of("DEBIAN_FRONTEND", "noninteractive"));
        if (staging) {
            c.addAll(List.of("--root=" + root, "--force-script-chrootless", "--force-depends", "--no-triggers"));
            env.put("DPKG_ROOT", root.toString());
        }
        c.addAll(List.of("--install", deb.toString()));
        Processes.ok(c, env, LIMIT);
    }

    /**
     * Rebuilds the {@code .deb} of the installed streetnode from its files, control data and
     * maintainer scripts, as dpkg-repack does, into {@code out}: the rollback package of a node
     * that was installed by hand or by apt (the helper keeps every package it installs after
     * that). Refused when an installed file differs from what the package shipped (dpkg's
     * md5sums): the result would not be that version.
     */
    void repack(Path work, Path out) throws IOException, InstallRefusedException {
        Path info = admindir().resolve("info");
        Map<String, String> md5 = new HashMap<>();
        Path sums = info.resolve(PACKAGE + ".md5sums");
        if (!Files.isRegularFile(sums)) {
            throw new InstallRefusedException("dpkg keeps no checksums of the installed streetnode (" + sums
                    + "); it cannot be rebuilt for a rollback");
        }
        for (String l : Files.readAllLines(sums)) {
            String[] f = l.split("\\s+", 2);
            if (f.length == 2) {
                md5.put("/" + f[1], f[0]);
            }
        }
        Set<String> conffiles = Files.isRegularFile(info.resolve(PACKAGE + ".conffiles"))
                ? Set.copyOf(Files.readAllLines(info.resolve(PACKAGE + ".conffiles")).stream().map(String::strip).toList())
                : Set.of();
        deleteTree(work);
        Path tree = Files.createDirectories(work);
        for (String path : Processes.ok(query("--listfiles", PACKAGE), Map.of(), LIMIT).lines().toList()) {
            if (!path.startsWith("/") || path.equals("/.")) {
                continue; // "diverted by" and the like
            }
            Path installed = root.resolve(path.substring(1));
            Path copy = tree.resolve(path.substring(1));
            if (Files.isSymbolicLink(installed)) {
                Files.createDirectories(copy.getParent());
                Files.createSymbolicLink(copy, Files.readSymbolicLink(installed));
            } else if (Files.isDirectory(installed, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(copy);
                Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(installed));
            } else if (Files.isRegularFile(installed, LinkOption.NOFOLLOW_LINKS)) {
                String expected = md5.get(path);
                if (expected != null && !conffiles.contains(path) && !expected.equals(md5(installed))) {
                    throw new InstallRefusedException("the installed " + path + " differs from what streetnode shipped; "
                            + "the running version cannot be rebuilt for a rollback (reinstall it first)");
                }
                Files.createDirectories(copy.getParent());
                Files.copy(installed, copy, StandardCopyOption.COPY_ATTRIBUTES);
            } else if (!conffiles.contains(path)) {
                throw new InstallRefusedException("the installed " + path + " is missing; the running version cannot be "
                        + "rebuilt for a rollback (reinstall it first)");
            }
        }
        Path control = Files.createDirectories(tree.resolve("DEBIAN"));
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(control.resolve("control"), controlOfInstalled(), StandardCharsets.UTF_8);
        for (String script : List.of("preinst", "postinst", "prerm", "postrm", "conffiles")) {
            Path from = info.resolve(PACKAGE + "." + script);
            if (Files.isRegularFile(from)) {
                Files.copy(from, control.resolve(script));
                Files.setPosixFilePermissions(control.resolve(script),
                        PosixFilePermissions.fromString(script.equals("conffiles") ? "rw-r--r--" : "rwxr-xr-x"));
            }
        }
        Files.deleteIfExists(out);
        Processes.ok(List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), out.toString()), Map.of(), LIMIT);
        deleteTree(work);
    }

    /** The installed package's control paragraph, without what only the database holds. */
    private String controlOfInstalled() throws IOException {
        StringBuilder b = new StringBuilder();
        boolean skipping = false;
        for (String line : Processes.ok(query("--status", PACKAGE), Map.of(), LIMIT).lines().toList()) {
            if (line.isEmpty()) {
                break;
            }
            if (!line.startsWith(" ")) {
                String field = line.split(":", 2)[0];
                skipping = field.equals("Status") || field.equals("Conffiles") || field.equals("Config-Version");
            }
            if (!skipping) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    private static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
