package org.streetnode.agent.bench;

import com.fazecast.jSerialComm.SerialPort;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads every native library in the agent's jar the way its Java library does, on the machine it
 * runs on, and calls into each once: for {@code deploy-scripts/arch-check.sh}, which runs it in an
 * emulated arm64 or armhf root. The agent itself loads sqlite-jdbc and JNA on any board, but
 * jSerialComm and Pi4J's natives only once a real board's device nodes are there; this is how
 * those are shown to load for an architecture without the hardware. Pi4J loads its natives only
 * on a board it recognises by the {@code Revision} line of {@code /proc/cpuinfo} (the script
 * gives the root a Raspberry Pi 4's); elsewhere it refuses, and this says so.
 *
 * <p>Prints one line per library: {@code native NAME loaded FILE (RESULT)} when the library's
 * file is mapped into this process afterwards ({@code /proc/self/maps}) and the call returned,
 * else {@code native NAME FAILED REASON}. Exit code 0 when all loaded, else 1.
 */
public final class NativeProbe {
    private NativeProbe() {
    }

    /** One library: its name, a pattern its loaded file's name matches, and a call that loads and uses it. */
    private record Library(String name, Pattern fileName, Call call) {
        Library(String name, String fileName, Call call) {
            this(name, Pattern.compile(fileName), call);
        }
    }

    @FunctionalInterface
    private interface Call {
        String run() throws Exception;
    }

    public static void main(String[] args) throws IOException {
        List<Library> libraries = List.of(
                new Library("sqlite-jdbc", "libsqlitejdbc", NativeProbe::sqlite),
                new Library("jna", "jnidispatch|^jna.*\\.tmp", NativeProbe::jna),
                new Library("jserialcomm", "libjSerialComm", () -> "version " + SerialPort.getVersion() + ", "
                        + SerialPort.getCommPorts().length + " ports"),
                new Library("pi4j-linuxfs", "libpi4j-linuxfs", NativeProbe::linuxFs),
                new Library("pi4j-gpiod", "libpi4j-gpiod", NativeProbe::gpiod),
                new Library("libgpiod", "^libgpiod", () -> "loaded with pi4j-gpiod"));
        boolean all = true;
        for (Library library : libraries) {
            String result;
            try {
                result = library.call().run();
            } catch (Throwable e) { // an UnsatisfiedLinkError is exactly what this is looking for
                System.out.println("native " + library.name() + " FAILED " + rootCause(e));
                all = false;
                continue;
            }
            Optional<String> file = mapped(library.fileName());
            if (file.isPresent()) {
                System.out.println("native " + library.name() + " loaded " + file.get() + " (" + result + ")");
            } else {
                System.out.println("native " + library.name() + " FAILED no mapped file matching "
                        + library.fileName() + " after the call (" + result + ")");
                all = false;
            }
        }
        System.exit(all ? 0 : 1);
    }

    private static String sqlite() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                ResultSet r = c.createStatement().executeQuery("select sqlite_version()")) {
            r.next();
            return "SQLite " + r.getString(1);
        }
    }

    /** getpid(2) through JNA's libffi dispatch, checked against the JDK's answer. */
    private static String jna() {
        int pid = NativeLibrary.getInstance("c").getFunction("getpid").invokeInt(new Object[0]);
        long expected = ProcessHandle.current().pid();
        if (pid != expected) {
            throw new IllegalStateException("getpid() through JNA returned " + pid + ", the JDK says " + expected);
        }
        return "getpid() = " + pid;
    }

    /**
     * strerror(ENOENT) through Pi4J's linuxfs JNI library, in the class whose ioctl calls carry the
     * I2C transfers (LinuxFile; the library has no code for the other class that declares natives).
     */
    private static String linuxFs() throws ReflectiveOperationException {
        Method strerror = Class.forName("com.pi4j.library.linuxfs.LinuxFile").getDeclaredMethod("strerror", int.class);
        strerror.setAccessible(true);
        return "strerror(2) = " + strerror.invoke(null, 2);
    }

    /**
     * gpiod_chip_open through Pi4J's gpiod JNI library (which loads libgpiod first). There is no
     * GPIO chip here: any answer but an UnsatisfiedLinkError shows the call reached C.
     */
    private static String gpiod() throws ReflectiveOperationException {
        Method chipOpen = Class.forName("com.pi4j.library.gpiod.internal.GpioD").getDeclaredMethod("chipOpen", String.class);
        chipOpen.setAccessible(true);
        try {
            return "gpiod_chip_open(/dev/gpiochip0) = " + chipOpen.invoke(null, "/dev/gpiochip0");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof LinkageError linkage) {
                throw linkage;
            }
            return "gpiod_chip_open(/dev/gpiochip0) answered " + e.getCause();
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The first file mapped into this process whose name (without its directory) matches {@code name}. */
    private static Optional<String> mapped(Pattern name) throws IOException {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(l -> l.split("\\s+", 6)).filter(f -> f.length == 6 && f[5].startsWith("/"))
                    .map(f -> f[5]).filter(p -> name.matcher(p.substring(p.lastIndexOf('/') + 1)).find())
                    .findFirst();
        }
    }
}
