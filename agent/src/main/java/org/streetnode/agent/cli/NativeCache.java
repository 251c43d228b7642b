package org.streetnode.agent.cli;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The native libraries the agent loads on every start (sqlite-jdbc's SQLite, JNA's dispatch
 * library), unpacked once into the launcher's cache directory instead of by each library into the
 * temporary directory at every start. The launcher names the directory
 * ({@code -Dstreetnode.natives=CACHE/natives-STAMP}, the stamp changing with the jar, so a new
 * package gets new natives) and points the libraries at it with their own system properties
 * ({@code org.sqlite.lib.path}/{@code org.sqlite.lib.name}, {@code jna.boot.library.path}); each
 * library loads from there when its file is there and otherwise falls back to unpacking its own
 * copy. {@code main} fills a missing directory before anything loads a library: into a temporary
 * sibling, each file written, synced and read back, then renamed into place whole, so a
 * half-written library is never loaded under the directory's name. It also gives JNA the search
 * path it would otherwise ask ldconfig for ({@link #setJnaPlatformPath}).
 *
 * <p>Only a process's entry point uses this ({@code main}, and the footprint benchmark's emulated
 * node): the system properties are process-wide. An agent built in a JVM of its own making (tests,
 * the fleet) lets the libraries do as they always do.
 */
public final class NativeCache {
    /** The system property naming the directory, set by the launcher. */
    static final String PROPERTY = "streetnode.natives";
    private static final String PREFIX = "natives-";
    private static final String PARTIAL = ".partial-";
    /** A temporary sibling this old is left over from a start that died while unpacking. */
    private static final Duration ABANDONED = Duration.ofHours(1);
    /** JNA's own property: where it looks for a library named without a path. */
    static final String JNA_PLATFORM_PATH = "jna.platform.library.path";
    /** Debian's multiarch directory names, by the JVM's os.arch. */
    private static final Map<String, String> MULTIARCH = Map.of("aarch64", "aarch64-linux-gnu",
            "arm", "arm-linux-gnueabihf", "amd64", "x86_64-linux-gnu", "riscv64", "riscv64-linux-gnu");

    /** One library: where it is in the jar, and the file name its library looks for in the directory. */
    record Library(String resource, String fileName) {
    }

    private NativeCache() {
    }

    /** This machine's sqlite-jdbc and JNA libraries, found as the libraries themselves find them. */
    static List<Library> forThisMachine() {
        String sqlite = LibraryLoaderUtil.getNativeLibName();
        String jna = System.mapLibraryName("jnidispatch");
        return List.of(new Library(stripSlash(LibraryLoaderUtil.getNativeLibResourcePath()) + "/" + sqlite, sqlite),
                new Library("com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + jna, jna));
    }

    /** What a process's entry point calls before anything loads SQLite or JNA. */
    public static void prepare() {
        setJnaPlatformPath(System.getProperties(), System.getProperty("os.arch", ""));
        prepareFromProperty();
    }

    /**
     * Gives JNA its search path for libraries named without a path, unless one is set already.
     * Left to itself, JNA runs {@code /sbin/ldconfig -p} the first time it loads a library, on
     * every start: a process, the JDK's reaper thread and some twenty classes, for a path nothing
     * here consults (every library the agent and Pi4J's linuxfs provider load through JNA is "c",
     * which JNA takes from the process itself). The directories given are where such a library
     * would be on a node: Debian's multiarch ones, then the plain ones.
     */
    static void setJnaPlatformPath(Properties properties, String osArch) {
        if (properties.getProperty(JNA_PLATFORM_PATH) != null) {
            return;
        }
        String multiarch = MULTIARCH.get(osArch);
        String plain = "/usr/lib:/lib";
        properties.setProperty(JNA_PLATFORM_PATH,
                multiarch == null ? plain : "/usr/lib/" + multiarch + ":/lib/" + multiarch + ":" + plain);
    }

    /**
     * Unpacks the libraries into the directory named by {@link #PROPERTY}, if set and not there
     * yet. A failure costs nothing but the libraries' own unpacking: it is said once, on standard
     * error (the logging is not configured this early), and the start goes on.
     */
    static void prepareFromProperty() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            ensure(Path.of(dir), forThisMachine(), NativeCache.class.getClassLoader());
        } catch (IOException | RuntimeException e) {
            System.err.println("streetnode: natives: cannot unpack into " + dir + " (" + e
                    + "); sqlite-jdbc and JNA unpack their own copies into the temporary directory");
        }
    }

    /**
     * Makes {@code dir} hold {@code libraries}, read from {@code loader}, unless it is there already.
     * Removes the directories of other versions and abandoned partial ones beside it.
     *
     * @return whether this call unpacked them
     */
    static boolean ensure(Path dir, List<Library> libraries, ClassLoader loader) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve(dir.getFileName() + PARTIAL + ProcessHandle.current().pid());
        deleteTree(partial);
        Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            for (Library library : libraries) {
                byte[] content = read(loader, library.resource());
                Path file = partial.resolve(library.fileName());
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer bytes = ByteBuffer.wrap(content);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    out.force(true);
                }
                if (!Arrays.equals(content, Files.readAllBytes(file))) {
                    throw new IOException(file + " does not read back as written");
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            syncDirectory(partial);
            try {
                Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                return false; // another start of the same version was quicker: its copy is as good
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + partial + " into place atomically", e);
            }
            syncDirectory(parent);
        } finally {
            deleteTree(partial);
        }
        removeOthers(parent, dir.getFileName().toString());
        return true;
    }

    private static byte[] read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the jar for this machine (os.arch "
                        + System.getProperty("os.arch") + ")");
            }
            return in.readAllBytes();
        }
    }

    /** Other versions' directories, and partial ones a start left behind when it died; a partial one being written now is young. */
    private static void removeOthers(Path parent, String keep) throws IOException {
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(PREFIX) || name.equals(keep)) {
                    continue;
                }
                boolean partial = name.contains(PARTIAL);
                if (!partial || Files.getLastModifiedTime(p).toInstant().isBefore(abandoned)) {
                    try {
                        deleteTree(p);
                    } catch (IOException e) {
                        // a directory another user left there, or one going away meanwhile: not ours to insist on
                    }
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
