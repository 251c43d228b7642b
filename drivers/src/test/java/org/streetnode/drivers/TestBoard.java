package org.streetnode.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.streetnode.drivers.emulator.EmulatedBoardIo;
import org.streetnode.drivers.sim.ManualClock;

/** An emulated board on a manual clock, and assertions shared by the driver tests. */
public final class TestBoard {

    public final ManualClock clock = new ManualClock(Instant.parse("2025-03-20T12:00:00Z"));
    public final EmulatedBoardIo board = new EmulatedBoardIo(clock, clock.delay());

    /** The fault a sensor call fails with; fails the test if it does not throw. */
    public static SensorFault faultOf(ThrowingCallable call) {
        SensorException e = catchThrowableOfType(SensorException.class, call);
        assertThat(e).as("expected a SensorException").isNotNull();
        assertThat(e.getMessage()).isEqualTo(e.fault().message());
        return e.fault();
    }

    public static double value(List<Measurement> measurements, Quantity quantity) {
        return measurements.stream().filter(m -> m.quantity() == quantity).findFirst()
                .orElseThrow(() -> new AssertionError("no " + quantity + " in " + measurements)).value();
    }
}
