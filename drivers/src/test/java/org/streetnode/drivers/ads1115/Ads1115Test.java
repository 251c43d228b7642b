package org.streetnode.drivers.ads1115;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.emulator.Ads1115Emulator;
import org.streetnode.drivers.emulator.Fault;

class Ads1115Test {

    private final TestBoard t = new TestBoard();
    private Ads1115Emulator chip;
    private Ads1115 adc;

    @BeforeEach
    void setUp() throws Exception {
        chip = t.board.attach(1, 0x48, new Ads1115Emulator(t.clock));
        adc = new Ads1115(t.board.i2c(1, 0x48), t.board.delay(), List.of(
                AnalogChannel.soundLevel(0),
                new AnalogChannel(2, Pga.FSR_2_048V, Quantity.VOLTAGE, 11, 0)));
    }

    @Test
    void pgaStepsPerDatasheet() {
        assertThat(Pga.FSR_4_096V.voltsPerCount()).isEqualTo(125e-6);
        assertThat(Pga.FSR_0_256V.voltsPerCount()).isEqualTo(7.8125e-6);
        assertThat(Pga.ofBits(0b111)).isEqualTo(Pga.FSR_0_256V);
    }

    @Test
    void convertsEachChannelAndMapsItLinearly() throws SensorException {
        chip.setInput(0, 1.234);   // 61.7 dBA on the sound module
        chip.setInput(2, 1.1);     // 12.1 V behind an 11:1 divider
        chip.setInput(1, 3.0);
        adc.init();
        var m = adc.read();
        assertThat(m).extracting(x -> x.quantity()).containsExactly(Quantity.SOUND_LEVEL, Quantity.VOLTAGE);
        assertThat(value(m, Quantity.SOUND_LEVEL)).isCloseTo(61.7, within(0.01));
        assertThat(value(m, Quantity.VOLTAGE)).isCloseTo(12.1, within(0.001));
        assertThat(adc.readVolts(1, Pga.FSR_4_096V)).isCloseTo(3.0, within(125e-6));
        assertThat(adc.readVolts(1, Pga.FSR_6_144V)).isCloseTo(3.0, within(187.5e-6));
    }

    @Test
    void rejectsAmbiguousChannelMaps() {
        assertThatThrownBy(() -> new Ads1115(t.board.i2c(1, 0x48), t.board.delay(),
                List.of(AnalogChannel.soundLevel(0), AnalogChannel.soundLevel(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnalogChannel(4, Pga.FSR_2_048V, Quantity.VOLTAGE, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saturationIsOutOfRange() throws SensorException {
        adc.init();
        chip.setInput(0, 4.5); // above the ±4.096 V range
        var fault = (SensorFault.OutOfRange) faultOf(adc::read);
        assertThat(fault.quantity()).isEqualTo(Quantity.SOUND_LEVEL);
        assertThat(fault.max()).isCloseTo(204.8, within(1e-9));
        chip.setInput(0, 1.0);
        chip.inject(Fault.OUT_OF_RANGE);
        assertThat(faultOf(adc::read)).isInstanceOf(SensorFault.OutOfRange.class);
    }

    @Test
    void conversionThatNeverCompletesTimesOutBoundedly() throws SensorException {
        adc.init();
        chip.inject(Fault.CONVERSION_STUCK);
        var start = t.clock.instant();
        assertThat(faultOf(adc::read)).isEqualTo(new SensorFault.Timeout("conversion", Duration.ofMillis(14)));
        assertThat(Duration.between(start, t.clock.instant())).isEqualTo(Duration.ofMillis(14));
    }

    @Test
    void otherFaults() throws SensorException {
        chip.inject(Fault.WRONG_CHIP_ID);
        assertThat(faultOf(adc::init)).isEqualTo(new SensorFault.WrongChipId(0x7FFF, 0x0000));
        chip.clear(Fault.WRONG_CHIP_ID);
        adc.init();
        chip.setInput(0, 1.0);
        var before = adc.read();
        chip.inject(Fault.STUCK_VALUE);
        chip.setInput(0, 2.0);
        assertThat(value(adc.read(), Quantity.SOUND_LEVEL)).isEqualTo(value(before, Quantity.SOUND_LEVEL));
        chip.clear(Fault.STUCK_VALUE);
        chip.inject(Fault.DISCONNECT_MID_TRANSFER);
        assertThat(faultOf(adc::read)).isEqualTo(new SensorFault.Disconnected("read 1 of 2 bytes at 0x48 on i2c-1"));
        assertThat(faultOf(adc::read)).isEqualTo(new SensorFault.NoAck(1, 0x48));
    }
}
