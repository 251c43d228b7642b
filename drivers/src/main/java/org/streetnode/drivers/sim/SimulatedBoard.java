package org.streetnode.drivers.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.streetnode.drivers.emulator.Ads1115Emulator;
import org.streetnode.drivers.emulator.Bh1750Emulator;
import org.streetnode.drivers.emulator.Bme280Emulator;
import org.streetnode.drivers.emulator.BoardNode;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
import org.streetnode.drivers.emulator.EmulatedDevice;
import org.streetnode.drivers.emulator.EmulatedPwmOutput;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.emulator.Ina219Emulator;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.emulator.Sds011Emulator;
import org.streetnode.drivers.emulator.Sht31Emulator;
import org.streetnode.drivers.lamp.Contact;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.Delay;
import org.tinylog.Logger;

/**
 * The simulated board: the real drivers run on {@link #io()}, whose ports reach register-level
 * emulators fed by a seeded {@link World}. Time comes from the injected clock; the world catches
 * up whenever a port is used (or on {@link #tick()}, or on the optional ticker of
 * {@link #startTicking(Duration)}), so with a {@link ManualClock} everything is deterministic.
 *
 * <pre>{@code
 * SimulatedBoard sim = SimulatedBoard.builder(clock, delay).seed(42)
 *         .bme280(1, 0x76).bh1750(1, 0x23).pir(17).lamp(LampWiring.standard()).build();
 * Sensor air = new Bme280(sim.io().i2c(1, 0x76), sim.io().delay());
 * sim.injectFault(DeviceAddress.i2c(1, 0x76), Fault.WRONG_CHIP_ID);
 * }</pre>
 */
public final class SimulatedBoard implements AutoCloseable {

    /** How long a passer-by keeps a PIR output high (an HC-SR501 at its shortest setting). */
    public static final Duration PIR_PULSE = Duration.ofSeconds(3);
    private static final Duration WEATHER_STEP = Duration.ofSeconds(1);
    private static final double LED_DRIVER_OVERHEAD_WATTS = 0.8;

    private final EmulatedBoardIo io;
    private final World world;
    private final Map<DeviceAddress, EmulatedDevice> devices;
    private final Optional<LampWiring> lamp;
    private final int soundInput;
    private final List<PirEmulator> pirs = new ArrayList<>();
    private final PassersBy passersBy;
    private Instant pirHighUntil;
    private Conditions conditions;
    private double lampWatts;
    private ScheduledExecutorService ticker;
    private Thread tickerThread;

    private SimulatedBoard(Builder b) {
        Instant start = b.clock.instant();
        this.io = new EmulatedBoardIo(b.clock, b.delay);
        this.world = new World(b.seed, b.location);
        this.lamp = Optional.ofNullable(b.lamp);
        this.soundInput = b.soundInput;
        this.passersBy = new PassersBy(b.seed, start, b.location.longitude());
        this.devices = new LinkedHashMap<>();
        b.placements.forEach((address, factory) -> devices.put(address, factory.attach(io, b.clock, start)));
        devices.values().stream().filter(PirEmulator.class::isInstance).map(PirEmulator.class::cast).forEach(pirs::add);
        io.addTimeListener(this::advanceTo);
        advanceTo(start);
        Logger.info("sim: simulated board at {}, {} (seed {}): {}", b.location.latitude(), b.location.longitude(), b.seed,
                devices.keySet());
    }

    public static Builder builder(Clock clock, Delay delay) {
        return new Builder(clock, delay);
    }

    /** The ports, for the real drivers. */
    public BoardIo io() {
        return io;
    }

    /** The board underneath, for reading back outputs. */
    public EmulatedBoardIo emulatedIo() {
        return io;
    }

    public World world() {
        return world;
    }

    /** The conditions the emulators were last fed. */
    public Conditions conditions() {
        synchronized (io) {
            return conditions;
        }
    }

    /** What the lamp draws now, as fed to the INA219. */
    public double lampWatts() {
        synchronized (io) {
            return lampWatts;
        }
    }

    public EmulatedDevice device(DeviceAddress address) {
        synchronized (io) {
            EmulatedDevice device = devices.get(address);
            if (device == null) {
                throw new IllegalArgumentException("nothing simulated at " + address + "; devices: " + devices.keySet());
            }
            return device;
        }
    }

    /** The device at {@code address} shows {@code fault}; {@link Fault#UNPLUGGED} takes its node away. */
    public void injectFault(DeviceAddress address, Fault fault) {
        synchronized (io) {
            if (fault == Fault.UNPLUGGED) {
                device(address);
                io.unplug(node(address));
            } else {
                device(address).inject(fault);
            }
        }
        Logger.info("sim: fault {} injected at {}", fault, address);
    }

    public void clearFault(DeviceAddress address, Fault fault) {
        synchronized (io) {
            if (fault == Fault.UNPLUGGED) {
                io.plug(node(address));
            } else {
                device(address).clear(fault);
            }
        }
    }

    /** The node an unplugged device takes with it. */
    private static BoardNode node(DeviceAddress address) {
        return switch (address) {
            case DeviceAddress.Serial s -> BoardNode.serial(s.device());
            case DeviceAddress.Gpio g -> BoardNode.gpio(g.pin());
            case DeviceAddress.I2c i -> throw new IllegalArgumentException("an I2C chip that is unplugged does not"
                    + " answer: use " + Fault.NO_ACK + " (" + address + ")");
        };
    }

    /** Brings the world up to the clock now. */
    public void tick() {
        io.tick();
    }

    /** Ticks on a background thread, for a real-time simulation where PIR edges must arrive unpolled. */
    public void startTicking(Duration period) {
        startTicking(period, Thread.ofPlatform().daemon().name("simulated-board-ticker").factory());
    }

    /** Ticks on a thread {@code threads} makes (many simulated boards in one JVM share the JDK's virtual threads). */
    public synchronized void startTicking(Duration period, ThreadFactory threads) {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            tickerThread = threads.newThread(r);
            return tickerThread;
        });
        ticker.scheduleAtFixedRate(this::tickQuietly, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            Logger.warn(e, "sim: tick failed");
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
            try {
                if (tickerThread != null) {
                    tickerThread.join(Duration.ofSeconds(1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        io.close();
    }

    // ---- the world feeding the emulators ----------------------------------------------------

    private void advanceTo(Instant now) {
        movePassersBy(now);
        if (conditions == null || !now.isBefore(conditions.at().plus(WEATHER_STEP))) {
            conditions = world.at(now);
            feedSensors(conditions);
        }
        feedLampMeter(now);
    }

    private void movePassersBy(Instant now) {
        while (true) {
            Instant arrival = passersBy.peek();
            if (pirHighUntil != null && !pirHighUntil.isAfter(now) && !pirHighUntil.isAfter(arrival)) {
                for (PirEmulator pir : pirs) {
                    pir.output(false, pirHighUntil);
                }
                pirHighUntil = null;
            } else if (!arrival.isAfter(now)) {
                passersBy.take();
                for (PirEmulator pir : pirs) {
                    pir.output(true, arrival);
                }
                pirHighUntil = arrival.plus(PIR_PULSE); // a retrigger extends the pulse
            } else {
                return;
            }
        }
    }

    private void feedSensors(Conditions c) {
        for (EmulatedDevice device : devices.values()) {
            switch (device) {
                case Bme280Emulator bme -> bme.setConditions(c.celsius(), c.relativeHumidity(), c.hectopascal());
                case Sht31Emulator sht -> sht.setConditions(c.celsius(), c.relativeHumidity());
                case Bh1750Emulator bh -> bh.setIlluminance(c.lux());
                case Ads1115Emulator ads -> ads.setInput(soundInput, c.soundDba() / 50); // 50 dBA per volt
                case Sds011Emulator sds -> sds.setConcentrations(c.pm25(), c.pm10());
                default -> {
                    // PIRs follow the passers-by; the INA219 follows the lamp
                }
            }
        }
    }

    private void feedLampMeter(Instant now) {
        if (lamp.isEmpty()) {
            return;
        }
        LampWiring w = lamp.get();
        boolean energised = io.pin(w.relayPin()).isHigh() == w.activeHigh();
        boolean lit = energised == (w.contact() == Contact.NORMALLY_OPEN);
        double duty = io.pwmOutput(w.pwmChip(), w.pwmChannel()).map(EmulatedPwmOutput::dutyCycle).orElse(100.0);
        double seconds = now.getEpochSecond() + now.getNano() / 1e9;
        double jitter = 1 + 0.003 * Noise.smooth(world.seed(), 99, seconds, 5);
        lampWatts = lit ? (w.ratedWatts() * duty / 100 + LED_DRIVER_OVERHEAD_WATTS) * jitter : 0;
        double amps = lampWatts / w.supplyVolts();
        double volts = w.supplyVolts() - 0.05 * amps; // a little drop on the feed
        for (EmulatedDevice device : devices.values()) {
            if (device instanceof Ina219Emulator ina) {
                ina.setSupply(volts, amps);
            }
        }
    }

    // ---- building ---------------------------------------------------------------------------

    @FunctionalInterface
    private interface Placement {
        EmulatedDevice attach(EmulatedBoardIo io, Clock clock, Instant start);
    }

    /** Says which devices sit where; plain values, as the agent reads them from the board profile. */
    public static final class Builder {
        private final Clock clock;
        private final Delay delay;
        private final Map<DeviceAddress, Placement> placements = new LinkedHashMap<>();
        private long seed = 1;
        private Location location = Location.JENA;
        private LampWiring lamp;
        private int soundInput;

        private Builder(Clock clock, Delay delay) {
            this.clock = Objects.requireNonNull(clock, "clock");
            this.delay = Objects.requireNonNull(delay, "delay");
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder location(double latitude, double longitude) {
            this.location = new Location(latitude, longitude);
            return this;
        }

        public Builder bme280(int bus, int address) {
            return i2c(bus, address, (io, clock, start) -> io.attach(bus, address, new Bme280Emulator(clock)));
        }

        public Builder bh1750(int bus, int address) {
            return i2c(bus, address, (io, clock, start) -> io.attach(bus, address, new Bh1750Emulator(clock)));
        }

        public Builder sht31(int bus, int address) {
            return i2c(bus, address, (io, clock, start) -> io.attach(bus, address, new Sht31Emulator(clock)));
        }

        public Builder ina219(int bus, int address, double shuntOhms) {
            return i2c(bus, address, (io, clock, start) -> io.attach(bus, address, new Ina219Emulator(clock, shuntOhms)));
        }

        /** An ADS1115 with the sound level module (50 dBA per volt) on input {@code soundInput}. */
        public Builder ads1115(int bus, int address, int soundInput) {
            this.soundInput = soundInput;
            return i2c(bus, address, (io, clock, start) -> io.attach(bus, address, new Ads1115Emulator(clock)));
        }

        public Builder sds011(String device) {
            return place(DeviceAddress.serial(device),
                    (io, clock, start) -> io.attach(device, new Sds011Emulator(start, 0x5A5A)));
        }

        public Builder pir(int pin) {
            return place(DeviceAddress.gpio(pin), (io, clock, start) -> new PirEmulator(io.pin(pin)));
        }

        public Builder lamp(LampWiring wiring) {
            this.lamp = Objects.requireNonNull(wiring, "wiring");
            return this;
        }

        /**
         * The default street node: BME280 0x76, BH1750 0x23, SHT31 0x44, INA219 0x40 (0.1 Ω),
         * ADS1115 0x48 (sound on A0), all on i2c-1; SDS011 on /dev/ttyUSB0; PIR on GPIO17;
         * the {@link LampWiring#standard() standard lamp}.
         */
        public Builder defaultDevices() {
            return bme280(1, 0x76).bh1750(1, 0x23).sht31(1, 0x44).ina219(1, 0x40, 0.1).ads1115(1, 0x48, 0)
                    .sds011("/dev/ttyUSB0").pir(17).lamp(LampWiring.standard());
        }

        public SimulatedBoard build() {
            return new SimulatedBoard(this);
        }

        private Builder i2c(int bus, int address, Placement placement) {
            return place(DeviceAddress.i2c(bus, address), placement);
        }

        private Builder place(DeviceAddress address, Placement placement) {
            if (placements.putIfAbsent(address, placement) != null) {
                throw new IllegalArgumentException("two devices at " + address);
            }
            return this;
        }
    }
}
