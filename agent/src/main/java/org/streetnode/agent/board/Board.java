package org.streetnode.agent.board;

import java.util.List;
import java.util.Optional;
import org.streetnode.agent.config.SensorSpec;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.pir.PirSensor;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.sim.SimulatedBoard;
import org.tinylog.Logger;

/**
 * The hardware the board profile describes, opened: one driver per configured sensor, the lamp,
 * and (on the simulated board) the simulation behind them. Built by {@link BoardFactory}.
 *
 * @param sensors every configured sensor with its driver, in profile order
 * @param lamp the lamp (relay + dimmer), when the profile has one
 * @param simulation the simulated world, on the simulated board only (for fault injection)
 */
public record Board(BoardIo io, List<ConfiguredSensor> sensors, Optional<Lamp> lamp,
        Optional<SimulatedBoard> simulation) implements AutoCloseable {

    /** A configured sensor and the driver that reads it. */
    public record ConfiguredSensor(SensorSpec spec, Sensor driver) {
        public String id() {
            return spec.id();
        }
    }

    public Board {
        sensors = List.copyOf(sensors);
    }

    /** The PIR presence detectors, for lighting's event-driven boost. */
    public List<PirSensor> presenceSensors() {
        return sensors.stream().map(ConfiguredSensor::driver).filter(PirSensor.class::isInstance)
                .map(PirSensor.class::cast).toList();
    }

    public Optional<ConfiguredSensor> sensor(String id) {
        return sensors.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public void close() {
        simulation.ifPresent(SimulatedBoard::close);
        try {
            io.close();
        } catch (Exception e) {
            Logger.warn(e, "board: closing the ports failed");
        }
    }
}
