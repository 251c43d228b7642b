package org.streetnode.agent.lighting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.port.PwmOutput;
import org.streetnode.drivers.port.SerialPort;

/** A board that notes when each PWM channel is opened (or tried): how often lighting knocks on a missing dimmer. */
final class OpenLog implements BoardIo {
    private final BoardIo io;
    final List<Instant> pwmOpens = new CopyOnWriteArrayList<>();

    OpenLog(BoardIo io) {
        this.io = io;
    }

    /** The distinct moments the PWM was tried. */
    List<Instant> pwmAttempts() {
        return pwmOpens.stream().distinct().toList();
    }

    @Override
    public PwmOutput pwm(int chip, int channel, int frequencyHz) throws PortException {
        pwmOpens.add(io.clock().instant());
        return io.pwm(chip, channel, frequencyHz);
    }

    @Override
    public I2cDevice i2c(int bus, int address) throws PortException {
        return io.i2c(bus, address);
    }

    @Override
    public DigitalInput digitalInput(int pin, Pull pull, Duration debounce) throws PortException {
        return io.digitalInput(pin, pull, debounce);
    }

    @Override
    public DigitalOutput digitalOutput(int pin, boolean initialHigh) throws PortException {
        return io.digitalOutput(pin, initialHigh);
    }

    @Override
    public SerialPort serial(String device, int baud) throws PortException {
        return io.serial(device, baud);
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
    public void close() {
        io.close();
    }
}
