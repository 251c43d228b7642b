package org.streetnode.drivers.pir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetnode.drivers.TestBoard.value;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.emulator.PirEmulator;
import org.streetnode.drivers.port.Pull;

class PirSensorTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(20);
    private static final Duration HOLD = Duration.ofSeconds(30);

    private final TestBoard t = new TestBoard();
    private final List<Instant> starts = new ArrayList<>();
    private PirEmulator pir;
    private PirSensor sensor;

    @BeforeEach
    void setUp() throws Exception {
        pir = new PirEmulator(t.board.pin(17));
        sensor = new PirSensor(t.board.digitalInput(17, Pull.DOWN, DEBOUNCE), t.clock, HOLD);
        sensor.addListener(starts::add);
        sensor.init();
    }

    private void after(Duration d) {
        t.clock.advance(d);
        t.board.tick();
    }

    @Test
    void bouncingEdgeCountsOnceAndFiresOnce() {
        Instant t0 = t.clock.instant();
        pir.output(true, t0);
        pir.output(false, t0.plusMillis(3));
        pir.output(true, t0.plusMillis(6));
        after(Duration.ofMillis(10));
        assertThat(starts).as("not yet settled").isEmpty();
        after(Duration.ofMillis(20));
        assertThat(starts).containsExactly(t0.plusMillis(6));
        assertThat(sensor.eventCount()).isEqualTo(1);
        assertThat(sensor.present()).isTrue();
    }

    @Test
    void aGlitchShorterThanTheDebounceIsIgnored() {
        Instant t0 = t.clock.instant();
        pir.output(true, t0);
        pir.output(false, t0.plusMillis(5));
        after(Duration.ofSeconds(1));
        assertThat(sensor.eventCount()).isZero();
        assertThat(starts).isEmpty();
        assertThat(sensor.present()).isFalse();
    }

    @Test
    void presenceHoldsAfterTheLastEdgeThenEnds() throws Exception {
        Instant t0 = t.clock.instant();
        pir.output(true, t0);
        after(Duration.ofSeconds(3));
        pir.output(false, t.clock.instant());
        Instant fell = t.clock.instant();
        after(Duration.ofSeconds(29));
        assertThat(sensor.present()).isTrue();
        assertThat(sensor.presentUntil()).contains(fell.plus(HOLD));
        assertThat(value(sensor.read(), Quantity.PRESENCE)).isEqualTo(1);
        after(Duration.ofMillis(1100));
        assertThat(sensor.present()).isFalse();
        assertThat(value(sensor.read(), Quantity.PRESENCE)).isZero();
        assertThat(value(sensor.read(), Quantity.PRESENCE_COUNT)).isEqualTo(1);
    }

    @Test
    void aSecondPersonWithinTheHoldCountsButDoesNotRestartPresence() {
        Instant t0 = t.clock.instant();
        pir.output(true, t0);
        pir.output(false, t0.plusSeconds(3));
        after(Duration.ofSeconds(10));
        pir.output(true, t.clock.instant());
        after(Duration.ofSeconds(1));
        assertThat(sensor.eventCount()).isEqualTo(2);
        assertThat(starts).hasSize(1);
        pir.output(false, t.clock.instant());
        after(Duration.ofSeconds(40));
        pir.output(true, t.clock.instant());
        after(Duration.ofMillis(25));
        assertThat(starts).hasSize(2);
        assertThat(sensor.eventCount()).isEqualTo(3);
    }

    @Test
    void listenerFiresFromTheEdgeNotFromPolling() {
        pir.output(true, t.clock.instant());
        // No read(), no present(): only the board settling the debounced edge.
        after(DEBOUNCE);
        assertThat(starts).hasSize(1);
    }

    @Test
    void stuckOutputProducesNoEdges() {
        pir.inject(Fault.STUCK_VALUE);
        pir.output(true, t.clock.instant());
        after(Duration.ofSeconds(1));
        assertThat(sensor.eventCount()).isZero();
        assertThat(sensor.lastMotion()).isEmpty();
    }

    @Test
    void aPinAlreadyHighAtStartCountsAsPresence() throws Exception {
        var other = new PirEmulator(t.board.pin(22));
        other.output(true, t.clock.instant());
        var late = new PirSensor(t.board.digitalInput(22, Pull.DOWN, DEBOUNCE), t.clock, HOLD);
        late.init();
        assertThat(late.present()).isTrue();
        assertThat(late.eventCount()).isEqualTo(1);
    }
}
