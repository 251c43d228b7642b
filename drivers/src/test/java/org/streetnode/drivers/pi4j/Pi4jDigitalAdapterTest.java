package org.streetnode.drivers.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputBase;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputBase;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalOutputProviderBase;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.port.DigitalEdge;
import org.streetnode.drivers.port.Pull;
import org.streetnode.drivers.sim.ManualClock;

/**
 * The GPIO ports through Pi4J's digital I/O API, on providers that stand in for gpiod here (no
 * GPIO chip in this environment): what the adapters ask of Pi4J (pull, debounce in microseconds,
 * initial level) and how they pass its events and states on.
 */
class Pi4jDigitalAdapterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-20T22:00:00Z"));
    private final LineInputs inputs = new LineInputs();
    private final LineOutputs outputs = new LineOutputs();
    private Context context;
    private Pi4jBoardIo board;

    @BeforeEach
    void setUp() throws Exception {
        context = Pi4J.newContextBuilder().noAutoDetect().add(inputs, outputs).build();
        board = new Pi4jBoardIo(context, new Pi4jProviderIds(Optional.empty(), Optional.of(LineInputs.ID),
                Optional.of(LineOutputs.ID), Optional.empty()), 0, clock, clock.delay());
    }

    @AfterEach
    void tearDown() {
        board.close();
    }

    @Test
    void anInputIsConfiguredAsAskedAndItsEdgesCarryTheBoardClock() throws Exception {
        org.streetnode.drivers.port.DigitalInput pir = board.digitalInput(17, Pull.DOWN, Duration.ofMillis(50));
        Line line = inputs.lines.get(17);
        assertThat(line.config().pull()).isEqualTo(PullResistance.PULL_DOWN);
        assertThat(line.config().debounce()).isEqualTo(50_000L); // gpiod takes microseconds
        assertThat(pir.isHigh()).isFalse();

        List<DigitalEdge> edges = new ArrayList<>();
        AutoCloseable subscription = pir.onEdge(edges::add);
        line.set(DigitalState.HIGH);
        clock.advance(Duration.ofSeconds(3));
        line.set(DigitalState.LOW);
        subscription.close();
        line.set(DigitalState.HIGH);

        assertThat(pir.isHigh()).isTrue();
        assertThat(edges).containsExactly(new DigitalEdge(17, true, Instant.parse("2025-03-20T22:00:00Z")),
                new DigitalEdge(17, false, Instant.parse("2025-03-20T22:00:03Z")));
    }

    @Test
    void anOutputStartsAtItsInitialLevelAndFollowsEachSetting() throws Exception {
        org.streetnode.drivers.port.DigitalOutput relay = board.digitalOutput(22, true);
        DigitalOutput line = outputs.lines.get(22);
        assertThat(line.state()).isEqualTo(DigitalState.HIGH);
        assertThat(relay.isHigh()).isTrue();

        relay.setHigh(false);
        assertThat(line.state()).isEqualTo(DigitalState.LOW);
        assertThat(relay.isHigh()).isFalse();
    }

    /** Input lines whose level the test sets; a change is dispatched as gpiod's monitor thread would. */
    static final class LineInputs extends DigitalInputProviderBase {
        static final String ID = "streetnode-test-digital-input";
        final Map<Integer, Line> lines = new HashMap<>();

        LineInputs() {
            super(ID, "test digital input lines");
        }

        @Override
        public DigitalInput create(DigitalInputConfig config) {
            Line line = new Line(this, config);
            lines.put(config.address(), line);
            context.registry().add(line);
            return line;
        }
    }

    /** An input line; one that {@linkplain #die() died} (its chip gone) fails every read. */
    static final class Line extends DigitalInputBase {
        private volatile DigitalState level = DigitalState.LOW;
        private volatile boolean dead;

        Line(DigitalInputProvider provider, DigitalInputConfig config) {
            super(provider, config);
        }

        void set(DigitalState next) {
            level = next;
            dispatch(new DigitalStateChangeEvent<>(this, next));
        }

        void die() {
            dead = true;
        }

        @Override
        public DigitalState state() {
            if (dead) {
                throw new Pi4JException("GPIO line " + address() + ": No such device");
            }
            return level;
        }
    }

    /** Output lines that keep the level last set. */
    static final class LineOutputs extends DigitalOutputProviderBase {
        static final String ID = "streetnode-test-digital-output";
        final Map<Integer, OutputLine> lines = new HashMap<>();

        LineOutputs() {
            super(ID, "test digital output lines");
        }

        @Override
        public DigitalOutput create(DigitalOutputConfig config) {
            OutputLine line = new OutputLine(this, config);
            lines.put(config.address(), line);
            context.registry().add(line);
            return line;
        }
    }

    /** An output line; one that {@linkplain #die() died} (its chip gone) refuses every level. */
    static final class OutputLine extends DigitalOutputBase {
        private volatile boolean dead;

        OutputLine(DigitalOutputProvider provider, DigitalOutputConfig config) {
            super(provider, config);
        }

        void die() {
            dead = true;
        }

        @Override
        public DigitalOutput state(DigitalState state) throws com.pi4j.io.exception.IOException {
            if (dead) {
                throw new Pi4JException("GPIO line " + address() + ": No such device");
            }
            return super.state(state);
        }
    }
}
