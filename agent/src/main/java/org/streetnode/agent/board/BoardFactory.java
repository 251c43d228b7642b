package org.streetnode.agent.board;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.agent.config.LampSpec;
import org.streetnode.agent.config.LocationConfig;
import org.streetnode.agent.config.SensorSpec;
import org.streetnode.agent.lifecycle.AgentThreads;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.ads1115.Ads1115;
import org.streetnode.drivers.ads1115.AnalogChannel;
import org.streetnode.drivers.ads1115.Pga;
import org.streetnode.drivers.bh1750.Bh1750;
import org.streetnode.drivers.bme280.Bme280;
import org.streetnode.drivers.hotplug.HotplugBoardIo;
import org.streetnode.drivers.ina219.Ina219;
import org.streetnode.drivers.ina219.Ina219Settings;
import org.streetnode.drivers.lamp.Contact;
import org.streetnode.drivers.lamp.Dimmer;
import org.streetnode.drivers.lamp.DimmingCurve;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.lamp.Relay;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sds011.Sds011;
import org.streetnode.drivers.sht31.Sht31;
import org.streetnode.drivers.sim.DeviceAddress;
import org.streetnode.drivers.sim.LampWiring;
import org.streetnode.drivers.sim.SimulatedBoard;

/**
 * Opens the hardware a board profile describes: the ports (Pi4J on a Raspberry Pi, emulators
 * in a simulated world otherwise) and one driver per configured device. The only place that
 * knows both the profile's records and the drivers' constructors.
 *
 * <p>Every port is {@linkplain HotplugBoardIo hot-pluggable}: it opens on first use, so a device
 * that is missing (an unplugged USB serial adapter, an I2C bus not enabled, a GPIO line that
 * will not open) never stops the board from opening; it fails its own driver's reads until it is
 * there, and one that goes away is opened afresh when it comes back.
 */
public final class BoardFactory {
    /** How often the simulated world moves on by itself, so PIR edges arrive without a read. */
    private static final Duration SIMULATION_TICK = Duration.ofMillis(500);
    /** The name of the simulated world's own thread. */
    public static final String TICKER = "simulated-board-ticker";

    private BoardFactory() {
    }

    /** Opens the board in real time (the system clock, sleeping waits). */
    public static Board open(BoardProfile profile, LocationConfig location) throws PortException {
        return open(profile, location, Clock.systemUTC(), Delay.sleeping(), true);
    }

    /**
     * @param tick whether the simulated world advances on its own, on a thread of its own (off in
     *     tests that drive a manual clock)
     */
    public static Board open(BoardProfile profile, LocationConfig location, Clock clock, Delay delay, boolean tick)
            throws PortException {
        return open(profile, location, clock, delay, tick ? Optional.of(AgentThreads.dedicated().of(TICKER)) : Optional.empty());
    }

    /** @param ticker makes the thread the simulated world advances on by itself; empty: it advances only as its ports are used */
    public static Board open(BoardProfile profile, LocationConfig location, Clock clock, Delay delay,
            Optional<ThreadFactory> ticker) throws PortException {
        return open(profile, location, clock, delay, ticker, BoardPorts.pi4j());
    }

    /**
     * @param ports where a {@code raspberry-pi} board's ports come from: Pi4J on a node, the
     *     register-level emulators in the footprint benchmark, a fake {@code /dev} in tests
     */
    public static Board open(BoardProfile profile, LocationConfig location, Clock clock, Delay delay,
            Optional<ThreadFactory> ticker, BoardPorts ports) throws PortException {
        return switch (profile.kind()) {
            case SIMULATED -> simulated(profile, location, clock, delay, ticker);
            case RASPBERRY_PI -> withDrivers(profile, new HotplugBoardIo(ports.open(profile)), clock, Optional.empty());
        };
    }

    private static Board simulated(BoardProfile profile, LocationConfig location, Clock clock, Delay delay,
            Optional<ThreadFactory> ticker) throws PortException {
        SimulatedBoard.Builder b = SimulatedBoard.builder(clock, delay).seed(profile.simulation().seed())
                .location(location.latitude(), location.longitude());
        for (SensorSpec spec : profile.sensors()) {
            switch (spec) {
                case SensorSpec.Bme280 s -> b.bme280(s.bus(), s.address());
                case SensorSpec.Bh1750 s -> b.bh1750(s.bus(), s.address());
                case SensorSpec.Sht31 s -> b.sht31(s.bus(), s.address());
                case SensorSpec.Ina219 s -> b.ina219(s.bus(), s.address(), s.shuntOhms());
                case SensorSpec.Ads1115 s -> b.ads1115(s.bus(), s.address(), s.channel());
                case SensorSpec.Sds011 s -> b.sds011(s.device());
                case SensorSpec.Pir s -> b.pir(s.pin());
            }
        }
        profile.lamp().ifPresent(l -> b.lamp(new LampWiring(l.relayPin(), l.relayActiveHigh(), contact(l),
                l.pwmChip(), l.pwmChannel(), profile.simulation().lampWatts(), profile.simulation().supplyVolts())));
        SimulatedBoard sim = b.build();
        for (BoardProfile.SimulatedFault f : profile.simulation().faults()) {
            SensorSpec spec = profile.sensor(f.sensor()).orElseThrow();
            try {
                sim.injectFault(address(spec), f.fault());
            } catch (IllegalArgumentException e) {
                sim.close();
                throw new PortException("[[simulation.fault]] for sensor " + f.sensor() + ": " + e.getMessage());
            }
        }
        ticker.ifPresent(threads -> sim.startTicking(SIMULATION_TICK, threads));
        try {
            return withDrivers(profile, new HotplugBoardIo(sim.io()), clock, Optional.of(sim));
        } catch (PortException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    private static Board withDrivers(BoardProfile profile, BoardIo io, Clock clock, Optional<SimulatedBoard> sim)
            throws PortException {
        try {
            List<Board.ConfiguredSensor> sensors = new ArrayList<>();
            for (SensorSpec spec : profile.sensors()) {
                sensors.add(new Board.ConfiguredSensor(spec, driver(spec, io, clock)));
            }
            Optional<Lamp> lamp = profile.lamp().isPresent() ? Optional.of(lamp(profile.lamp().get(), io)) : Optional.empty();
            return new Board(io, sensors, lamp, sim);
        } catch (PortException | RuntimeException e) {
            io.close();
            throw e;
        }
    }

    private static Sensor driver(SensorSpec spec, BoardIo io, Clock clock) throws PortException {
        return switch (spec) {
            case SensorSpec.Bme280 s -> new Bme280(io.i2c(s.bus(), s.address()), io.delay());
            case SensorSpec.Bh1750 s -> new Bh1750(io.i2c(s.bus(), s.address()), io.delay(), s.mtreg());
            case SensorSpec.Sht31 s -> new Sht31(io.i2c(s.bus(), s.address()), io.delay());
            case SensorSpec.Ina219 s -> new Ina219(io.i2c(s.bus(), s.address()), io.delay(),
                    new Ina219Settings(s.shuntOhms(), s.maxCurrent()));
            case SensorSpec.Ads1115 s -> new Ads1115(io.i2c(s.bus(), s.address()), io.delay(),
                    List.of(new AnalogChannel(s.channel(), pga(s.fullScaleVolts()), s.quantity(), s.perVolt(), s.offset())));
            case SensorSpec.Sds011 s -> new Sds011(io.serial(s.device(), 9600), io.clock());
            case SensorSpec.Pir s -> new PirSensor(io.digitalInput(s.pin(), pull(s.pull()), s.debounce()), io.clock(), s.hold());
        };
    }

    private static Lamp lamp(LampSpec l, BoardIo io) throws PortException {
        // The relay output starts released: until lighting decides, the lamp is in its fail-safe state.
        Relay relay = new Relay(io.digitalOutput(l.relayPin(), Relay.releasedLevel(l.relayActiveHigh())),
                l.relayActiveHigh(), contact(l));
        DimmingCurve curve = l.gamma() == 1.0 ? DimmingCurve.linear() : DimmingCurve.gamma(l.gamma());
        Dimmer dimmer = new Dimmer(io.pwm(l.pwmChip(), l.pwmChannel(), l.pwmFrequency()), l.minDuty(), curve);
        return new Lamp(relay, dimmer);
    }

    private static Contact contact(LampSpec l) {
        return l.failSafeOn() ? Contact.NORMALLY_CLOSED : Contact.NORMALLY_OPEN;
    }

    private static Pga pga(double fullScaleVolts) {
        for (Pga p : Pga.values()) {
            if (p.fullScaleVolts() == fullScaleVolts) {
                return p;
            }
        }
        throw new IllegalArgumentException(fullScaleVolts + " V is not an ADS1115 gain");
    }

    private static Pull pull(SensorSpec.Pull pull) {
        return switch (pull) {
            case DOWN -> Pull.DOWN;
            case UP -> Pull.UP;
            case OFF -> Pull.OFF;
        };
    }

    /** Where the simulated device of a sensor sits. */
    private static DeviceAddress address(SensorSpec spec) {
        return switch (spec) {
            case SensorSpec.Bme280 s -> DeviceAddress.i2c(s.bus(), s.address());
            case SensorSpec.Bh1750 s -> DeviceAddress.i2c(s.bus(), s.address());
            case SensorSpec.Sht31 s -> DeviceAddress.i2c(s.bus(), s.address());
            case SensorSpec.Ina219 s -> DeviceAddress.i2c(s.bus(), s.address());
            case SensorSpec.Ads1115 s -> DeviceAddress.i2c(s.bus(), s.address());
            case SensorSpec.Sds011 s -> DeviceAddress.serial(s.device());
            case SensorSpec.Pir s -> DeviceAddress.gpio(s.pin());
        };
    }
}
