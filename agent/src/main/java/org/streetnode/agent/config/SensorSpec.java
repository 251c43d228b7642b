package org.streetnode.agent.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.streetnode.drivers.Quantity;

/**
 * One {@code [[sensor]]} of a board profile: which driver, wired where. Each driver documents
 * its wiring and datasheet facts in its own package under {@code org.streetnode.drivers}.
 */
public sealed interface SensorSpec {
    /** The sensor's id, unique on the board: readings and LwM2M instances are named by it. */
    String id();

    /** The config word of the driver ({@code "bme280"}). */
    String driver();

    /** How often it is read, when it overrides {@code [sampling] period}. */
    Optional<Duration> period();

    record Bme280(String id, int bus, int address, Optional<Duration> period) implements SensorSpec {
        public String driver() {
            return "bme280";
        }
    }

    record Bh1750(String id, int bus, int address, int mtreg, Optional<Duration> period) implements SensorSpec {
        public String driver() {
            return "bh1750";
        }
    }

    record Sht31(String id, int bus, int address, Optional<Duration> period) implements SensorSpec {
        public String driver() {
            return "sht31";
        }
    }

    /** The lamp supply monitor. */
    record Ina219(String id, int bus, int address, double shuntOhms, double maxCurrent, Optional<Duration> period)
            implements SensorSpec {
        public String driver() {
            return "ina219";
        }
    }

    /**
     * One ADC channel whose voltage maps linearly to a quantity: {@code value = volts * perVolt + offset}.
     * One channel per ADS1115 entry: two samplers must not share one chip.
     */
    record Ads1115(String id, int bus, int address, int channel, double fullScaleVolts, Quantity quantity,
            double perVolt, double offset, Optional<Duration> period) implements SensorSpec {
        public String driver() {
            return "ads1115";
        }
    }

    record Sds011(String id, String device, Optional<Duration> period) implements SensorSpec {
        public String driver() {
            return "sds011";
        }
    }

    /**
     * A PIR presence detector on a GPIO input (high while it sees motion). Presence starts are
     * reported the moment they happen; the period only refreshes state and counter.
     */
    record Pir(String id, int pin, Pull pull, Duration debounce, Duration hold, Optional<Duration> period)
            implements SensorSpec {
        public String driver() {
            return "pir";
        }
    }

    /** The input's bias resistor. */
    enum Pull { DOWN, UP, OFF }

    /** The drivers a profile may name, as written in the config. */
    enum Driver {
        BME280, BH1750, SHT31, INA219, ADS1115, SDS011, PIR;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
