package org.streetnode.agent.sampling;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.streetnode.drivers.Measurement;
import org.streetnode.drivers.Quantity;

/**
 * Notices a sensor that returns exactly the same values sample after sample: a frozen chip or a
 * driver reading a stale register. Only quantities that always move a little in the open air
 * count (temperature, humidity, pressure, sound level): illuminance rests at 0 all night, lamp
 * power at 0 all day, and a PM reading can sit still in clean air, all legitimately.
 */
final class StuckDetector {
    private static final Set<Quantity> ALWAYS_MOVING = Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY,
            Quantity.PRESSURE, Quantity.SOUND_LEVEL);

    private final int limit;
    private List<Measurement> last = List.of();
    private int repeats;

    /** @param limit identical consecutive samples that make a sensor stuck; 0 turns the check off */
    StuckDetector(int limit) {
        this.limit = limit;
    }

    /** Records a good sample; says why the sensor is stuck if it now is. */
    Optional<String> observe(List<Measurement> sample) {
        List<Measurement> moving = sample.stream().filter(m -> ALWAYS_MOVING.contains(m.quantity())).toList();
        if (limit == 0 || moving.isEmpty()) {
            return Optional.empty();
        }
        repeats = moving.equals(last) ? repeats + 1 : 1;
        last = moving;
        if (repeats >= limit) {
            Measurement m = moving.get(0);
            return Optional.of("value stuck at " + m.value() + " " + m.quantity().unit() + " for " + repeats + " samples");
        }
        return Optional.empty();
    }

    void reset() {
        last = List.of();
        repeats = 0;
    }
}
