package org.streetnode.agent.selftest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.streetnode.agent.board.Board;
import org.streetnode.agent.config.BoardProfile;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.Sensor;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.lamp.Lamp;
import org.streetnode.drivers.port.Delay;
import org.streetnode.drivers.port.PortException;

/**
 * The hardware part of the provisioning self-test: every configured device is probed (chip id,
 * or a first frame) and must give one plausible reading; the lamp relay is switched off and on
 * and the lamp supply's power must follow. Leaves the lamp released to its fail-safe state.
 */
public final class HardwareSelfTest {
    /** A lit lamp draws at least this much more than a dark one (street lamps are 20 W and up). */
    static final double LIT_MARGIN_WATTS = 5;
    private static final Duration SETTLE = Duration.ofMillis(250);
    private static final int SETTLE_STEPS = 12;

    private final Board board;
    private final BoardProfile profile;
    private final Delay delay;

    public HardwareSelfTest(Board board, BoardProfile profile, Delay delay) {
        this.board = board;
        this.profile = profile;
        this.delay = delay;
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        for (Board.ConfiguredSensor s : board.sensors()) {
            checks.add(sensor(s));
        }
        checks.add(lamp());
        return checks;
    }

    private static Check sensor(Board.ConfiguredSensor s) {
        String item = s.id() + " (" + s.driver().model() + ")";
        try {
            s.driver().init();
            List<Measurement> ms = s.driver().read();
            for (Measurement m : ms) {
                Optional<String> implausible = org.streetnode.agent.sampling.Plausibility.check(m);
                if (implausible.isPresent()) {
                    return Check.fail("sensor", item, implausible.get());
                }
            }
            return Check.pass("sensor", item, describe(ms));
        } catch (SensorException e) {
            return Check.fail("sensor", item, e.fault().message());
        } catch (RuntimeException e) {
            return Check.fail("sensor", item, "driver error: " + e.getMessage());
        }
    }

    private Check lamp() {
        if (board.lamp().isEmpty()) {
            return Check.skip("lamp", "relay", "no [lamp] in the board profile");
        }
        Lamp lamp = board.lamp().get();
        Optional<Sensor> meter = profile.lamp().flatMap(l -> l.powerSensor()).flatMap(board::sensor)
                .map(Board.ConfiguredSensor::driver);
        try {
            lamp.setLevel(0);
            if (meter.isEmpty()) {
                lamp.setLevel(100);
                return Check.skip("lamp", "relay", "switched off and on; no power_sensor in [lamp] to confirm it");
            }
            double dark = settledPower(meter.get(), false);
            lamp.setLevel(100);
            double lit = settledPower(meter.get(), true);
            String detail = String.format("%.1f W off, %.1f W on", dark, lit);
            return lit >= dark + LIT_MARGIN_WATTS ? Check.pass("lamp", "relay and power feedback", detail)
                    : Check.fail("lamp", "relay and power feedback", detail + ": the lamp does not light (relay, lamp or "
                            + "LED driver faulty, or the INA219 is not on the lamp supply)");
        } catch (PortException e) {
            return Check.fail("lamp", "relay", e.getMessage());
        } catch (SensorException e) {
            return Check.fail("lamp", "power feedback", e.fault().message());
        } finally {
            try {
                lamp.relay().release();
            } catch (PortException e) {
                // reported above if it matters; the relay falls back on process exit anyway
            }
        }
    }

    /** Power once it has settled toward lit or dark (LED drivers soft-start over a few hundred ms). */
    private double settledPower(Sensor meter, boolean lit) throws SensorException {
        meter.init();
        double watts = power(meter);
        for (int i = 0; i < SETTLE_STEPS && (lit ? watts < LIT_MARGIN_WATTS : watts >= LIT_MARGIN_WATTS); i++) {
            delay.pause(SETTLE);
            watts = power(meter);
        }
        return watts;
    }

    private static double power(Sensor meter) throws SensorException {
        return meter.read().stream().filter(m -> m.quantity() == Quantity.POWER).mapToDouble(Measurement::value)
                .findFirst().orElse(0);
    }

    private static String describe(List<Measurement> ms) {
        return ms.stream().map(m -> String.format("%.2f %s", m.value(), m.quantity().unit()))
                .collect(Collectors.joining(", "));
    }
}
