package org.streetnode.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.emulator.Fault;

/**
 * A board profile ({@code config/boards/*.toml}): what is wired where on one kind of node.
 * The technician describes the wiring here; the agent drives exactly that hardware.
 *
 * @param source where the profile was read from (a file, or {@code builtin:NAME})
 * @param kind the real hardware (through Pi4J) or the simulated board
 * @param model the board's model name, when the profile sets it (else read from the device tree)
 * @param serial the board's serial number, when the profile sets it (else read from the device tree)
 * @param gpioChip the GPIO character device the pins are on ({@code gpiochip0}; older Pi 5 kernels: {@code gpiochip4})
 * @param simulation the simulated world's settings (used by simulated boards only)
 * @param sensors the sensors, in profile order
 * @param lamp the lamp's relay and dimmer, when the node drives a lamp
 */
public record BoardProfile(String source, Kind kind, Optional<String> model, Optional<String> serial,
        String gpioChip, Simulation simulation, List<SensorSpec> sensors, Optional<LampSpec> lamp) {

    /**
     * {@code [simulation]}: the simulated world.
     *
     * @param seed random seed of passers-by and particulate peaks: same seed, same world
     * @param lampWatts rated power of the simulated LED lamp at 100 %
     * @param supplyVolts the lamp supply the INA219 sees
     * @param faults faults the emulators show from the start, for demonstrations and tests
     */
    public record Simulation(long seed, double lampWatts, double supplyVolts, List<SimulatedFault> faults) {
        public Simulation {
            faults = List.copyOf(faults);
        }
    }

    /** {@code [[simulation.fault]]}: the emulator of sensor {@code sensor} shows {@code fault}. */
    public record SimulatedFault(String sensor, Fault fault) {
    }

    public enum Kind { SIMULATED, RASPBERRY_PI }

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public BoardProfile {
        sensors = List.copyOf(sensors);
    }

    public Optional<SensorSpec> sensor(String id) {
        return sensors.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    static BoardProfile read(String source, ConfigTable root) {
        ConfigTable board = root.table("board");
        Kind kind = board.requiredChoice("kind", Kind.SIMULATED);
        Optional<String> model = board.optionalString("model");
        Optional<String> serial = board.optionalString("serial");
        String gpioChip = board.string("gpio_chip", "gpiochip0");
        if (!gpioChip.matches("gpiochip\\d{1,2}")) {
            board.problem("gpio_chip", "\"" + gpioChip + "\" is not a GPIO chip name such as \"gpiochip0\"");
        }
        ConfigTable sim = root.table("simulation");
        long seed = sim.longValue("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        double lampWatts = sim.decimal("lamp_watts", 60, 1, 1000);
        double supplyVolts = sim.decimal("supply_volts", 24, 1, 26);
        List<ConfigTable> faultTables = sim.tables("fault");

        List<SensorSpec> sensors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigTable s : root.tables("sensor")) {
            Optional<SensorSpec> spec = sensor(s);
            spec.ifPresent(sensors::add);
            spec.map(SensorSpec::id).filter(id -> !ids.add(id))
                    .ifPresent(id -> s.problem("id", "\"" + id + "\" is used by another sensor; ids must be unique"));
        }
        Optional<LampSpec> lamp = root.has("lamp") ? Optional.of(lamp(root.table("lamp"), sensors)) : Optional.empty();
        List<SimulatedFault> faults = new ArrayList<>();
        for (ConfigTable f : faultTables) {
            String sensor = f.requiredString("sensor");
            Fault fault = f.requiredChoice("fault", Fault.NO_ACK);
            if (!sensor.isEmpty() && !ids.contains(sensor)) {
                f.problem("sensor", "no [[sensor]] has id \"" + sensor + "\"");
            }
            faults.add(new SimulatedFault(sensor, fault));
        }
        Simulation simulation = new Simulation(seed, lampWatts, supplyVolts, faults);
        return new BoardProfile(source, kind, model, serial, gpioChip, simulation, sensors, lamp);
    }

    private static Optional<SensorSpec> sensor(ConfigTable s) {
        String id = s.requiredString("id");
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            s.problem("id", "\"" + id + "\" is not a usable id: 1-32 lower-case letters, digits, '_' or '-', starting with a letter");
        }
        SensorSpec.Driver driver = s.requiredChoice("driver", SensorSpec.Driver.BME280);
        if (!s.has("driver")) {
            return Optional.empty();
        }
        Optional<Duration> period = s.has("period")
                ? Optional.of(s.duration("period", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofHours(24)))
                : Optional.empty();
        return Optional.of(switch (driver) {
            case BME280 -> new SensorSpec.Bme280(id, bus(s), address(s, 0x76, 0x76, 0x77), period);
            case BH1750 -> new SensorSpec.Bh1750(id, bus(s), address(s, 0x23, 0x23, 0x5C), s.integer("mtreg", 31, 31, 254), period);
            case SHT31 -> new SensorSpec.Sht31(id, bus(s), address(s, 0x44, 0x44, 0x45), period);
            case INA219 -> new SensorSpec.Ina219(id, bus(s), address(s, 0x40, 0x40, 0x4F),
                    s.decimal("shunt_ohms", 0.1, 0.001, 10), s.decimal("max_current", 2.0, 0.01, 20), period);
            case ADS1115 -> ads1115(s, id, period);
            case SDS011 -> new SensorSpec.Sds011(id, s.string("device", "/dev/serial0"), period);
            case PIR -> new SensorSpec.Pir(id, s.requiredInteger("pin", 0, 27), s.choice("pull", SensorSpec.Pull.DOWN),
                    s.duration("debounce", Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(5)),
                    s.duration("hold", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)), period);
        });
    }

    private static SensorSpec ads1115(ConfigTable s, String id, Optional<Duration> period) {
        double fullScale = s.decimal("full_scale", 4.096, 0.256, 6.144);
        if (!Set.of(6.144, 4.096, 2.048, 1.024, 0.512, 0.256).contains(fullScale)) {
            s.problem("full_scale", fullScale + " V is not a gain of the ADS1115; use 6.144, 4.096, 2.048, 1.024, 0.512 or 0.256");
        }
        return new SensorSpec.Ads1115(id, bus(s), address(s, 0x48, 0x48, 0x4B), s.integer("channel", 0, 0, 3), fullScale,
                s.requiredChoice("quantity", Quantity.SOUND_LEVEL), s.decimal("per_volt", 1.0, -1e6, 1e6),
                s.decimal("offset", 0.0, -1e6, 1e6), period);
    }

    private static LampSpec lamp(ConfigTable t, List<SensorSpec> sensors) {
        Optional<String> powerSensor = t.optionalString("power_sensor");
        powerSensor.ifPresent(id -> {
            Optional<SensorSpec> s = sensors.stream().filter(x -> x.id().equals(id)).findFirst();
            if (s.isEmpty()) {
                t.problem("power_sensor", "no [[sensor]] has id \"" + id + "\"");
            } else if (!(s.get() instanceof SensorSpec.Ina219)) {
                t.problem("power_sensor", "sensor \"" + id + "\" is a " + s.get().driver() + "; the lamp monitor needs an ina219");
            }
        });
        return new LampSpec(
                t.requiredInteger("relay_pin", 0, 27),
                t.choice("relay_active", Active.HIGH) == Active.HIGH,
                t.choice("fail_safe", OnOff.ON) == OnOff.ON,
                t.integer("pwm_chip", 0, 0, 15),
                t.integer("pwm_channel", 0, 0, 15),
                t.integer("pwm_frequency", 1000, 50, 100_000),
                t.decimal("min_duty", 10, 0, 99),
                t.decimal("gamma", 2.2, 1.0, 4.0),
                powerSensor);
    }

    private enum Active { HIGH, LOW }

    private enum OnOff { ON, OFF }

    private static int bus(ConfigTable s) {
        return s.integer("bus", 1, 0, 31);
    }

    /** A 7-bit I2C address the chip can be strapped to; messages speak hex, as datasheets do. */
    private static int address(ConfigTable s, int fallback, int min, int max) {
        int a = s.integer("address", fallback, 0x00, 0x7F);
        if (a < min || a > max) {
            s.problem("address", String.format("0x%02X is not an address this chip can have (0x%02X to 0x%02X)", a, min, max));
            return fallback;
        }
        return a;
    }
}
