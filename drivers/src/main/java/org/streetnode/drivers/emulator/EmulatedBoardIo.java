package org.streetnode.drivers.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.DigitalInput;
import org.streetnode.drivers.port.DigitalOutput;
import org.streetnode.drivers.port.I2cDevice;
import org.streetnode.drivers.port.I2cException;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.port.PwmOutput;
import org.streetnode.drivers.port.SerialPort;

/**
 * An in-memory board: ports are routed to emulators attached by bus/address, pin or device
 * name. Every port operation first brings the board up to the clock's present
 * ({@link #tick()}: time listeners such as the simulated world run, debounced inputs settle),
 * then runs under one board lock, as transfers on one bus would.
 *
 * <p>An I2C address with no emulator behaves like an empty address on a real bus: no ACK.
 *
 * <p>Device nodes can be {@linkplain #unplug(BoardNode) unplugged} and {@linkplain #plug(BoardNode)
 * plugged} back: while a node is unplugged its ports cannot be opened, and ports opened before
 * fail every operation for good, as a tty does after its USB adapter was pulled; only ports
 * opened afresh reach the device again. A port {@linkplain org.streetnode.drivers.port.Port#close()
 * closed} releases its line or channel, so it can be opened again.
 */
public final class EmulatedBoardIo implements BoardIo {

    /** A port operation run under the board lock. */
    @FunctionalInterface
    interface PortAction<T> {
        T run() throws PortException;
    }

    private final Clock clock;
    private final Delay delay;
    private final Map<Long, I2cChipEmulator> chips = new HashMap<>();
    private final Map<String, SerialDeviceEmulator> serialDevices = new HashMap<>();
    private final Map<Integer, EmulatedPin> pins = new HashMap<>();
    private final Set<Integer> requestedPins = new HashSet<>();
    private final List<EmulatedDigitalInput> inputs = new ArrayList<>();
    private final Map<Integer, EmulatedDigitalOutput> outputs = new HashMap<>();
    private final Map<Long, EmulatedPwmOutput> pwms = new HashMap<>();
    private final List<Consumer<Instant>> timeListeners = new ArrayList<>();
    private final Set<BoardNode> unplugged = new HashSet<>();
    private final Map<BoardNode, Integer> generations = new HashMap<>();
    private boolean closed;

    public EmulatedBoardIo(Clock clock, Delay delay) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    // ---- wiring emulators -------------------------------------------------------------------

    public synchronized <T extends I2cChipEmulator> T attach(int bus, int address, T chip) {
        if (chips.putIfAbsent(key(bus, address), Objects.requireNonNull(chip, "chip")) != null) {
            throw new IllegalArgumentException("i2c-%d address 0x%02X is taken".formatted(bus, address));
        }
        return chip;
    }

    public synchronized <T extends SerialDeviceEmulator> T attach(String device, T emulator) {
        if (serialDevices.putIfAbsent(device, Objects.requireNonNull(emulator, "emulator")) != null) {
            throw new IllegalArgumentException(device + " is taken");
        }
        return emulator;
    }

    /** The wire of GPIO {@code number}, created low if new. */
    public synchronized EmulatedPin pin(int number) {
        return pins.computeIfAbsent(number, n -> new EmulatedPin(n, false));
    }

    /** Runs on every tick with the clock's present, before any port operation. */
    public synchronized void addTimeListener(Consumer<Instant> listener) {
        timeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public synchronized Optional<I2cChipEmulator> emulator(int bus, int address) {
        return Optional.ofNullable(chips.get(key(bus, address)));
    }

    public synchronized Optional<SerialDeviceEmulator> serialEmulator(String device) {
        return Optional.ofNullable(serialDevices.get(device));
    }

    /** The output port on {@code pin}, if one was requested: for reading back relay levels. */
    public synchronized Optional<EmulatedDigitalOutput> output(int pin) {
        return Optional.ofNullable(outputs.get(pin));
    }

    /** The PWM port on chip/channel, if one was requested: for reading back duty cycles. */
    public synchronized Optional<EmulatedPwmOutput> pwmOutput(int chip, int channel) {
        return Optional.ofNullable(pwms.get(key(chip, channel)));
    }

    /**
     * The node vanishes, as when a USB adapter is pulled or a GPIO chip goes away: opening its
     * ports fails until {@link #plug(BoardNode)}, and ports opened before are dead for good. A GPIO
     * output on the line is let go: the wire rests at the level the output was requested with.
     */
    public synchronized void unplug(BoardNode node) {
        if (unplugged.add(Objects.requireNonNull(node, "node"))) {
            generations.merge(node, 1, Integer::sum);
            if (node instanceof BoardNode.GpioLine line && outputs.containsKey(line.pin())) {
                outputs.get(line.pin()).rest();
            }
        }
    }

    /** The node is back: new ports reach it. */
    public synchronized void plug(BoardNode node) {
        unplugged.remove(node);
    }

    /** Brings listeners and debounced inputs up to the clock's present. */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (Consumer<Instant> listener : timeListeners) {
            listener.accept(now);
        }
        for (EmulatedDigitalInput input : inputs) {
            input.settle(now);
        }
    }

    // ---- BoardIo ----------------------------------------------------------------------------

    @Override
    public synchronized I2cDevice i2c(int bus, int address) throws PortException {
        ensureOpen();
        if (address < 0x03 || address > 0x77) {
            throw new IllegalArgumentException("7-bit I2C address must be 0x03..0x77, not " + address);
        }
        return new EmulatedI2cDevice(bus, address, this, lease(BoardNode.i2cBus(bus), "/dev/i2c-" + bus + " does not exist"));
    }

    @Override
    public synchronized DigitalInput digitalInput(int pin, Pull pull, Duration debounce) throws PortException {
        ensureOpen();
        Lease lease = lease(BoardNode.gpio(pin), "GPIO" + pin + " cannot be requested: the line is not there");
        request(pin);
        EmulatedPin wire = pins.computeIfAbsent(pin, n -> new EmulatedPin(n, pull == Pull.UP));
        EmulatedDigitalInput input = new EmulatedDigitalInput(wire, debounce, this, lease);
        inputs.add(input);
        return input;
    }

    @Override
    public synchronized DigitalOutput digitalOutput(int pin, boolean initialHigh) throws PortException {
        ensureOpen();
        Lease lease = lease(BoardNode.gpio(pin), "GPIO" + pin + " cannot be requested: the line is not there");
        request(pin);
        EmulatedPin wire = pin(pin);
        wire.drive(initialHigh, clock.instant());
        EmulatedDigitalOutput output = new EmulatedDigitalOutput(wire, initialHigh, this, clock, lease);
        outputs.put(pin, output);
        return output;
    }

    @Override
    public synchronized PwmOutput pwm(int chip, int channel, int frequencyHz) throws PortException {
        ensureOpen();
        Lease lease = lease(BoardNode.pwmChip(chip), "pwmchip" + chip + " does not exist");
        if (pwms.containsKey(key(chip, channel))) {
            throw new PortException("pwmchip%d channel %d is busy".formatted(chip, channel));
        }
        EmulatedPwmOutput pwm = new EmulatedPwmOutput(chip, channel, frequencyHz, this, lease);
        pwms.put(key(chip, channel), pwm);
        return pwm;
    }

    @Override
    public synchronized SerialPort serial(String device, int baud) throws PortException {
        ensureOpen();
        SerialDeviceEmulator emulator = serialDevices.get(device);
        if (emulator == null || unplugged.contains(BoardNode.serial(device))) {
            throw new PortException("no serial device " + device);
        }
        return new EmulatedSerialPort(device, baud, emulator, this, clock, delay, lease(BoardNode.serial(device), ""));
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
        closed = true;
    }

    // ---- for the emulated ports -------------------------------------------------------------

    /** Runs a port operation, if the port's lease on its node still holds. */
    synchronized <T> T withPort(Lease lease, PortAction<T> action) throws PortException {
        ensureOpen();
        tick();
        if (lease.closed()) {
            throw new PortException(lease.node + " is closed");
        }
        if (!holds(lease)) {
            throw new PortException(lease.node + " is gone");
        }
        return action.run();
    }

    /** Whether the lease still reaches its node: not closed, and the node not unplugged since. */
    synchronized boolean holds(Lease lease) {
        return !lease.closed() && generations.getOrDefault(lease.node, 0) == lease.generation;
    }

    synchronized <T> T withI2c(int bus, int address, Lease lease, PortAction<T> action) throws I2cException {
        try {
            return withPort(lease, action);
        } catch (I2cException e) {
            throw e;
        } catch (PortException e) {
            throw new I2cException(bus, address, I2cException.Kind.BUS_ERROR, e.getMessage(), e);
        }
    }

    /** A lease on {@code node}, unless it is unplugged. */
    private Lease lease(BoardNode node, String missing) throws PortException {
        if (unplugged.contains(node)) {
            throw new PortException(missing);
        }
        return new Lease(node, generations.getOrDefault(node, 0));
    }

    /** A GPIO port lets its line go. */
    synchronized void release(int pin) {
        requestedPins.remove(pin);
        inputs.removeIf(i -> i.pin() == pin);
        outputs.remove(pin);
    }

    /** A PWM port lets its channel go. */
    synchronized void release(int chip, int channel) {
        pwms.remove(key(chip, channel));
    }

    private void ensureOpen() throws PortException {
        if (closed) {
            throw new PortException("board is closed");
        }
    }

    private void request(int pin) throws PortException {
        if (!requestedPins.add(pin)) {
            throw new PortException("GPIO" + pin + " is busy: already requested");
        }
    }

    private static long key(int a, int b) {
        return (long) a << 32 | b & 0xFFFFFFFFL;
    }
}
