package org.streetnode.drivers.port;

import java.time.Clock;
import java.time.Duration;

/**
 * Hands out ports by address and closes them all on {@link #close()}. Also the board's time base:
 * drivers take {@link #clock()} and {@link #delay()} from the board so that on the simulated board
 * they live in simulated time.
 */
public interface BoardIo extends AutoCloseable {

    /** A chip on I2C bus {@code bus} ({@code /dev/i2c-<bus>}) at 7-bit {@code address}. */
    I2cDevice i2c(int bus, int address) throws PortException;

    /** GPIO input by BCM line number. */
    DigitalInput digitalInput(int pin, Pull pull, Duration debounce) throws PortException;

    /** GPIO output by BCM line number, driven to {@code initialHigh} at once. */
    DigitalOutput digitalOutput(int pin, boolean initialHigh) throws PortException;

    /** Hardware PWM channel {@code channel} of {@code /sys/class/pwm/pwmchip<chip>}. */
    PwmOutput pwm(int chip, int channel, int frequencyHz) throws PortException;

    /** A UART such as {@code /dev/ttyUSB0}, 8N1. */
    SerialPort serial(String device, int baud) throws PortException;

    Clock clock();

    Delay delay();

    /** Closes every port handed out. Never throws. */
    @Override
    void close();
}
