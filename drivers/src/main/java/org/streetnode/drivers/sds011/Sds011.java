package org.streetnode.drivers.sds011;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.port.Hex;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.SerialPort;

/**
 * Nova Fitness SDS011: PM2.5 and PM10 by laser scattering, over a UART.
 *
 * <h2>Wiring</h2>
 * The sensor needs 5 V (its fan draws ~70 mA): 5V and GND, its TXD to the Pi's RXD (GPIO15,
 * {@code /dev/serial0}) or, simplest, the supplied USB adapter ({@code /dev/ttyUSB0}). Its 3.3 V
 * UART levels are safe for the Pi. Fit the air inlet facing down, away from the lamp's heat.
 *
 * <h2>Board profile</h2>
 * <pre>{@code
 * [[sensor]]
 * id = "pm"
 * driver = "sds011"
 * device = "/dev/ttyUSB0"
 * }</pre>
 *
 * <h2>Datasheet facts relied on (SDS011 Laser PM2.5 Sensor specification V1.3)</h2>
 * <ul>
 *   <li>"UART communication protocol": 9600 baud, 8N1; in the factory-set active mode the
 *       sensor sends one 10-byte frame per second.</li>
 *   <li>Frame: 0xAA, 0xC0, PM2.5 low, PM2.5 high, PM10 low, PM10 high, ID byte 1, ID byte 2,
 *       checksum, 0xAB. Checksum = low byte of the sum of the six data bytes.
 *       PM = ((high · 256) + low) / 10 µg/m³.</li>
 *   <li>"Technical parameters": range 0.0..999.9 µg/m³.</li>
 * </ul>
 * A read drains what has piled up since the last one and reports the newest valid frame; if none
 * is buffered it waits up to {@link #FRAME_WAIT} for the next.
 */
public final class Sds011 implements Sensor {

    public static final int BAUD = 9600;
    /** Two frame periods and a margin. */
    public static final Duration FRAME_WAIT = Duration.ofMillis(2500);
    private static final double MAX_PM = 999.9;

    private static final Set<Quantity> QUANTITIES =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of(Quantity.PM2_5, Quantity.PM10)));

    private final SerialPort port;
    private final Clock clock;
    private final byte[] chunk = new byte[256];

    public Sds011(SerialPort port, Clock clock) {
        this.port = Objects.requireNonNull(port, "port");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String model() {
        return "SDS011";
    }

    @Override
    public Set<Quantity> quantities() {
        return QUANTITIES;
    }

    /** The probe: a first valid frame. */
    @Override
    public void init() throws SensorException {
        read();
    }

    @Override
    public List<Measurement> read() throws SensorException {
        Sds011Frame frame = newestFrame();
        SensorException.requireInRange(Quantity.PM2_5, frame.pm25(), 0, MAX_PM);
        SensorException.requireInRange(Quantity.PM10, frame.pm10(), 0, MAX_PM);
        return List.of(new Measurement(Quantity.PM2_5, frame.pm25()), new Measurement(Quantity.PM10, frame.pm10()));
    }

    private Sds011Frame newestFrame() throws SensorException {
        Sds011FrameParser parser = new Sds011FrameParser();
        Instant deadline = clock.instant().plus(FRAME_WAIT);
        Optional<Sds011Frame> newest = Optional.empty();
        int received = 0;
        try {
            // Drain the backlog without waiting, keeping the newest frame.
            for (int n; (n = port.read(chunk, Duration.ZERO)) > 0; ) {
                received += n;
                parser.append(chunk, n);
                newest = latest(parser, newest);
            }
            while (newest.isEmpty()) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                int n = port.read(chunk, left);
                received += n;
                parser.append(chunk, n);
                newest = latest(parser, newest);
            }
        } catch (PortException e) {
            throw SensorException.from(e);
        }
        if (newest.isPresent()) {
            return newest.get();
        }
        if (received == 0) {
            throw new SensorException(new SensorFault.Timeout("data frame", FRAME_WAIT));
        }
        if (parser.lastBadChecksum().isPresent()) {
            throw new SensorException(new SensorFault.BadFrame("checksum " + Hex.byteHex(parser.lastBadChecksum().getAsInt())
                    + " where " + Hex.byteHex(parser.lastExpectedChecksum().getAsInt()) + " expected"));
        }
        throw new SensorException(new SensorFault.BadFrame("no complete frame in " + received + " bytes"));
    }

    private static Optional<Sds011Frame> latest(Sds011FrameParser parser, Optional<Sds011Frame> newest) {
        for (Optional<Sds011Frame> f; (f = parser.next()).isPresent(); ) {
            newest = f;
        }
        return newest;
    }
}
