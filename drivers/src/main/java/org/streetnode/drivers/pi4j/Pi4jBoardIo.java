package org.streetnode.drivers.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.streetnode.drivers.pi4j.internal.JSerialCommPort;
import org.streetnode.drivers.pi4j.internal.Pi4jDigitalInput;
import org.streetnode.drivers.pi4j.internal.Pi4jDigitalOutput;
import org.streetnode.drivers.pi4j.internal.Pi4jI2cDevice;
import org.streetnode.drivers.pi4j.internal.Pi4jPwmOutput;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.Hex;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.port.PwmOutput;
import org.streetnode.drivers.port.SerialPort;
import org.tinylog.Logger;

/**
 * The real board: ports on a Pi4J context built explicitly (no auto-detection, so the mock plugin
 * can never win silently on an unrecognised board) with the LinuxFS I2C and PWM providers and the
 * gpiod GPIO providers; UARTs through jSerialComm.
 *
 * <p>Opened with a {@link Pi4jBoardConfig}, each port's device node is checked when the port is
 * opened, and a missing or forbidden one is named with its fix; nothing is checked for the board
 * as a whole, so a missing bus fails only the devices on it. A closed port is shut down and
 * taken out of the context's registry, so the same device can be opened again.
 *
 * <pre>{@code
 * try (BoardIo board = Pi4jBoardIo.open(Pi4jBoardConfig.raspberryPi())) {
 *     Sensor air = new Bme280(board.i2c(1, 0x76), board.delay());
 * }
 * }</pre>
 */
public final class Pi4jBoardIo implements BoardIo {

    private final Context context;
    private final Pi4jProviderIds ids;
    private final int pwmChip;
    private final Optional<Pi4jBoardConfig> nodes;
    private final Clock clock;
    private final Delay delay;
    private final Map<Long, I2cDevice> i2c = new HashMap<>();
    private final List<JSerialCommPort> serialPorts = new ArrayList<>();
    private boolean closed;

    /**
     * Builds the Pi4J context; each port's device node is checked when it is opened.
     *
     * @throws PortException when Pi4J cannot start at all
     */
    public static Pi4jBoardIo open(Pi4jBoardConfig config) throws PortException {
        Context context;
        try {
            context = Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .add(LinuxFsI2CProvider.newInstance(),
                            GpioDDigitalInputProvider.newInstance(),
                            GpioDDigitalOutputProvider.newInstance(),
                            LinuxFsPwmProvider.newInstance(config.pwmSysfs().toString(), config.pwmChip()))
                    .setGpioChipName(config.gpioChip())
                    .build();
        } catch (RuntimeException e) {
            throw new PortException("cannot start Pi4J: " + e.getMessage(), e);
        }
        return new Pi4jBoardIo(context, Pi4jProviderIds.LINUX, config, Clock.systemUTC(), Delay.sleeping());
    }

    /**
     * Ports on an existing context, with no check of device nodes. Checks that every provider id
     * named in {@code ids} is there and logs them; the context is shut down by {@link #close()}.
     */
    public Pi4jBoardIo(Context context, Pi4jProviderIds ids, int pwmChip, Clock clock, Delay delay)
            throws PortException {
        this(context, ids, pwmChip, Optional.empty(), clock, delay);
    }

    /** Ports on an existing context, each port's device node checked under {@code config}'s root when it opens. */
    public Pi4jBoardIo(Context context, Pi4jProviderIds ids, Pi4jBoardConfig config, Clock clock, Delay delay)
            throws PortException {
        this(context, ids, config.pwmChip(), Optional.of(config), clock, delay);
    }

    private Pi4jBoardIo(Context context, Pi4jProviderIds ids, int pwmChip, Optional<Pi4jBoardConfig> nodes, Clock clock,
            Delay delay) throws PortException {
        this.context = Objects.requireNonNull(context, "context");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.pwmChip = pwmChip;
        this.nodes = nodes;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delay = Objects.requireNonNull(delay, "delay");
        List<String> wanted = new ArrayList<>();
        ids.i2c().ifPresent(wanted::add);
        ids.digitalInput().ifPresent(wanted::add);
        ids.digitalOutput().ifPresent(wanted::add);
        ids.pwm().ifPresent(wanted::add);
        List<String> missing = wanted.stream().filter(id -> !context.providers().exists(id)).toList();
        if (!missing.isEmpty()) {
            context.shutdown();
            throw new PortException("Pi4J providers " + missing + " missing; the context has "
                    + context.providers().all().keySet());
        }
        Logger.info("pi4j: providers i2c={}, digital-input={}, digital-output={}, pwm={}",
                ids.i2c().orElse("-"), ids.digitalInput().orElse("-"), ids.digitalOutput().orElse("-"),
                ids.pwm().orElse("-"));
    }

    @Override
    public synchronized I2cDevice i2c(int bus, int address) throws PortException {
        ensureOpen();
        String provider = require(ids.i2c(), "I2C");
        long key = (long) bus << 32 | address;
        I2cDevice device = i2c.get(key);
        if (device == null) {
            check(nodes.flatMap(n -> DeviceNodes.i2c(n, bus)));
            try {
                I2C io = context.create(I2C.newConfigBuilder(context).id("i2c-" + bus + "-" + Hex.byteHex(address))
                        .bus(bus).device(address).provider(provider).build());
                device = new Pi4jI2cDevice(io, () -> {
                    release(io);
                    forget(key);
                });
            } catch (RuntimeException e) {
                throw new PortException("cannot open " + Hex.byteHex(address) + " on i2c-" + bus + ": " + e.getMessage(), e);
            }
            i2c.put(key, device);
        }
        return device;
    }

    @Override
    public synchronized DigitalInput digitalInput(int pin, Pull pull, Duration debounce) throws PortException {
        ensureOpen();
        String provider = require(ids.digitalInput(), "digital input");
        check(nodes.flatMap(DeviceNodes::gpio));
        try {
            var input = context.create(com.pi4j.io.gpio.digital.DigitalInput.newConfigBuilder(context)
                    .id("gpio-in-" + pin).address(pin).provider(provider)
                    .pull(switch (pull) {
                        case UP -> PullResistance.PULL_UP;
                        case DOWN -> PullResistance.PULL_DOWN;
                        case OFF -> PullResistance.OFF;
                    })
                    .debounce(debounce.toNanos() / 1000)
                    .build());
            return new Pi4jDigitalInput(input, debounce, clock, () -> release(input));
        } catch (RuntimeException e) {
            throw new PortException("cannot open GPIO" + pin + " as input: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized DigitalOutput digitalOutput(int pin, boolean initialHigh) throws PortException {
        ensureOpen();
        String provider = require(ids.digitalOutput(), "digital output");
        DigitalState initial = initialHigh ? DigitalState.HIGH : DigitalState.LOW;
        check(nodes.flatMap(DeviceNodes::gpio));
        try {
            // No shutdown state: on exit the line is released and the hardware's own default rules.
            var output = context.create(com.pi4j.io.gpio.digital.DigitalOutput.newConfigBuilder(context)
                    .id("gpio-out-" + pin).address(pin).provider(provider).initial(initial).build());
            return new Pi4jDigitalOutput(output, initialHigh, () -> release(output));
        } catch (RuntimeException e) {
            throw new PortException("cannot open GPIO" + pin + " as output: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized PwmOutput pwm(int chip, int channel, int frequencyHz) throws PortException {
        ensureOpen();
        String provider = require(ids.pwm(), "PWM");
        if (chip != pwmChip) {
            throw new PortException("pwmchip" + chip + " requested, but this board was started with pwmchip" + pwmChip);
        }
        check(nodes.flatMap(DeviceNodes::pwm));
        try {
            Pwm pwm = context.create(Pwm.newConfigBuilder(context).id("pwm-" + chip + "-" + channel)
                    .address(channel).pwmType(PwmType.HARDWARE).provider(provider).frequency(frequencyHz)
                    .dutyCycle(0).build());
            return new Pi4jPwmOutput(pwm, chip, frequencyHz, () -> release(pwm));
        } catch (RuntimeException e) {
            throw new PortException("cannot open pwmchip%d/pwm%d: %s".formatted(chip, channel, e.getMessage()), e);
        }
    }

    @Override
    public synchronized SerialPort serial(String device, int baud) throws PortException {
        ensureOpen();
        JSerialCommPort port = JSerialCommPort.open(device, baud);
        serialPorts.removeIf(p -> !p.isOpen()); // those closed after their adapter was unplugged
        serialPorts.add(port);
        return port;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Delay delay() {
        return delay;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serialPorts.forEach(JSerialCommPort::close);
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            Logger.warn(e, "pi4j: shutdown failed");
        }
    }

    /** Shuts a port's Pi4J IO down and takes it out of the registry, so its id can be created again. */
    private void release(IO<?, ?, ?> io) {
        synchronized (this) {
            if (closed) {
                return; // the context's shutdown took everything down
            }
        }
        try {
            context.shutdown(io);
        } catch (RuntimeException e) {
            Logger.debug(e, "pi4j: shutting {} down failed", io.id());
        }
    }

    private synchronized void forget(long i2cKey) {
        i2c.remove(i2cKey);
    }

    private static void check(Optional<String> nodeProblem) throws PortException {
        if (nodeProblem.isPresent()) {
            throw new PortException(nodeProblem.get());
        }
    }

    private void ensureOpen() throws PortException {
        if (closed) {
            throw new PortException("board is closed");
        }
    }

    private static String require(Optional<String> id, String what) throws PortException {
        return id.orElseThrow(() -> new PortException("no Pi4J " + what + " provider on this board"));
    }
}
