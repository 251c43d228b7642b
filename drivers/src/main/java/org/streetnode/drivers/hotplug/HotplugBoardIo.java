package org.streetnode.drivers.hotplug;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.Port;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.port.PwmOutput;
import org.streetnode.drivers.port.SerialPort;

/**
 * A board whose ports open on first use and open again after they died, so that every device
 * is optional: handing out a port never fails, and a device that is missing or unplugged fails
 * only its own port's operations, as {@linkplain org.streetnode.drivers.port.PortException#unavailable()
 * unavailable}, until it is back.
 *
 * <pre>{@code
 * BoardIo board = new HotplugBoardIo(Pi4jBoardIo.open(config));
 * Sensor pm = new Sds011(board.serial("/dev/ttyUSB0", Sds011.BAUD), board.clock()); // adapter may be unplugged
 * }</pre>
 *
 * <p>Ports to one I2C chip are shared (an ADS1115 read as several sensors is one chip).
 */
public final class HotplugBoardIo implements BoardIo {

    private final BoardIo io;
    private final List<Port> ports = new ArrayList<>();
    private final Map<Long, ReopeningI2cDevice> chips = new HashMap<>();

    /** @param io the board underneath, whose ports may fail to open */
    public HotplugBoardIo(BoardIo io) {
        this.io = Objects.requireNonNull(io, "io");
    }

    @Override
    public synchronized I2cDevice i2c(int bus, int address) {
        return chips.computeIfAbsent((long) bus << 32 | address, k -> add(new ReopeningI2cDevice(io, bus, address)));
    }

    @Override
    public synchronized DigitalInput digitalInput(int pin, Pull pull, Duration debounce) {
        return add(new ReopeningDigitalInput(io, pin, pull, debounce));
    }

    /** @param initialHigh also the level the line rests at whenever it is not held (the wiring's pull) */
    @Override
    public synchronized DigitalOutput digitalOutput(int pin, boolean initialHigh) {
        return add(new ReopeningDigitalOutput(io, pin, initialHigh));
    }

    @Override
    public synchronized PwmOutput pwm(int chip, int channel, int frequencyHz) {
        return add(new ReopeningPwmOutput(io, chip, channel, frequencyHz));
    }

    @Override
    public synchronized SerialPort serial(String device, int baud) {
        return add(new ReopeningSerialPort(io, device, baud));
    }

    @Override
    public Clock clock() {
        return io.clock();
    }

    @Override
    public Delay delay() {
        return io.delay();
    }

    @Override
    public synchronized void close() {
        ports.forEach(Port::close);
        io.close();
    }

    private <P extends Port> P add(P port) {
        ports.add(port);
        return port;
    }
}
