package org.streetnode.drivers.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import com.pi4j.Pi4J;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.hotplug.HotplugBoardIo;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.SerialPort;
import org.streetnode.drivers.sds011.Sds011;
import org.streetnode.drivers.sds011.Sds011Frame;
import org.streetnode.drivers.sim.ManualClock;

/**
 * The UART port through jSerialComm on a pseudo-terminal: the test holds the master side, where
 * an SDS011 would be, and the driver reads the slave ({@code /dev/pts/N}) as it would read
 * {@code /dev/ttyUSB0}.
 */
class JSerialCommPortTest {
    /** The few libc calls that make a pseudo-terminal pair. */
    interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);
        int O_RDWR = 2;
        int O_NOCTTY = 0400;

        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        String ptsname(int fd);

        NativeLong write(int fd, byte[] buffer, NativeLong count);

        int close(int fd);
    }

    private int master = -1;
    private String slave;
    private Pi4jBoardIo board;

    /** Opens the pair; skips the test where the system has no pseudo-terminals (a chroot without /dev/pts). */
    private void openPseudoTerminal() {
        master = LibC.C.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY);
        assumeTrue(master >= 0, "no pseudo-terminals here (posix_openpt failed: /dev/ptmx, /dev/pts)");
        assertThat(LibC.C.grantpt(master)).isZero();
        assertThat(LibC.C.unlockpt(master)).isZero();
        slave = LibC.C.ptsname(master);
    }

    @BeforeEach
    void setUp() throws Exception {
        ManualClock clock = new ManualClock(java.time.Instant.parse("2025-03-20T12:00:00Z"));
        board = new Pi4jBoardIo(Pi4J.newContextBuilder().noAutoDetect().build(),
                new Pi4jProviderIds(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), 0, clock,
                clock.delay());
    }

    @AfterEach
    void tearDown() {
        board.close();
        if (master >= 0) {
            LibC.C.close(master);
        }
    }

    private void sensorSends(byte[] bytes) {
        assertThat(LibC.C.write(master, bytes, new NativeLong(bytes.length)).intValue()).isEqualTo(bytes.length);
    }

    @Test
    void theSds011DriverReadsTheNewestFrameThroughJSerialComm() throws Exception {
        openPseudoTerminal();
        SerialPort port = board.serial(slave, Sds011.BAUD);
        Sds011 sensor = new Sds011(port, Clock.systemUTC());
        byte[] old = Sds011Frame.encode(3.1, 5.2, 0x1234);
        byte[] fresh = Sds011Frame.encode(12.3, 45.6, 0x1234);
        byte[] stream = new byte[3 + old.length + fresh.length];
        stream[0] = 0x00; // line noise before the frames
        stream[1] = (byte) 0xAB;
        stream[2] = (byte) 0xAA;
        System.arraycopy(old, 0, stream, 3, old.length);
        System.arraycopy(fresh, 0, stream, 3 + old.length, fresh.length);
        sensorSends(stream);

        var m = sensor.read();
        assertThat(value(m, Quantity.PM2_5)).isCloseTo(12.3, within(1e-9));
        assertThat(value(m, Quantity.PM10)).isCloseTo(45.6, within(1e-9));
        assertThat(port.device()).isEqualTo(slave);
    }

    @Test
    void aQuietLineTimesOutAndAVanishedDeviceIsAnError() throws Exception {
        openPseudoTerminal();
        SerialPort port = board.serial(slave, Sds011.BAUD);
        assertThat(port.read(new byte[16], Duration.ofMillis(100))).isZero();

        LibC.C.close(master); // the USB adapter is pulled
        master = -1;
        assertThatThrownBy(() -> port.read(new byte[16], Duration.ofMillis(100))).isInstanceOf(PortException.class)
                .hasMessageContaining(slave);
    }

    @Test
    void aDeviceThatIsNotThereIsNamed() {
        assertThatThrownBy(() -> board.serial("/dev/ttyUSB-none", Sds011.BAUD)).isInstanceOf(PortException.class)
                .hasMessageContaining("/dev/ttyUSB-none");
    }

    /**
     * An SDS011 on a USB adapter that is not plugged in at start, then pulled and plugged in
     * again. The device path is a link, as udev's {@code /dev/serial/by-id} names are: it
     * appears with the adapter (a new pseudo-terminal) and goes with it.
     */
    @Test
    void anAdapterPluggedInLaterPulledAndPluggedInAgainIsReadEachTimeItIsThere(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("ttyUSB0");
        HotplugBoardIo hotplug = new HotplugBoardIo(board);
        SerialPort port = hotplug.serial(link.toString(), Sds011.BAUD);
        Sds011 sensor = new Sds011(port, Clock.systemUTC());
        SensorFault missing = faultOf(sensor::init);
        assertThat(missing).isInstanceOf(SensorFault.Unavailable.class);
        assertThat(missing.message()).startsWith("device unavailable: " + link + " does not exist");

        openPseudoTerminal(); // plugged in
        Files.createSymbolicLink(link, Path.of(slave));
        opened(port);
        sensorSends(Sds011Frame.encode(7.5, 9.0, 0x1234));
        assertThat(value(sensor.read(), Quantity.PM2_5)).isCloseTo(7.5, within(1e-9));

        LibC.C.close(master); // pulled
        master = -1;
        Files.delete(link);
        SensorFault gone = faultOf(sensor::read);
        assertThat(gone).isInstanceOf(SensorFault.Unavailable.class);
        assertThat(gone.message()).contains(link + " does not exist");

        openPseudoTerminal(); // plugged in again: a new device behind the same name
        Files.createSymbolicLink(link, Path.of(slave));
        opened(port);
        sensorSends(Sds011Frame.encode(11.0, 13.5, 0x1234));
        assertThat(value(sensor.read(), Quantity.PM10)).isCloseTo(13.5, within(1e-9));
    }

    /**
     * Opens the port with a read that waits for nothing, before the sensor sends: a terminal not
     * yet in raw mode would cook the bytes (as it would a real adapter's before anyone opens it).
     */
    private static void opened(SerialPort port) throws PortException {
        assertThat(port.read(new byte[16], Duration.ZERO)).isZero();
    }
}
