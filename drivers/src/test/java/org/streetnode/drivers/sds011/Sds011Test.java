package org.streetnode.drivers.sds011;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.streetnode.drivers.TestBoard.faultOf;
import static org.streetnode.drivers.TestBoard.value;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;
import org.streetnode.drivers.SensorException;
import org.streetnode.drivers.SensorFault;
import org.streetnode.drivers.TestBoard;
import org.streetnode.drivers.emulator.Fault;
import org.streetnode.drivers.emulator.Sds011Emulator;

class Sds011Test {

    private final TestBoard t = new TestBoard();
    private Sds011Emulator module;
    private Sds011 sensor;

    @BeforeEach
    void setUp() throws Exception {
        module = t.board.attach("/dev/ttyUSB0", new Sds011Emulator(t.clock.instant(), 0xA1B2));
        sensor = new Sds011(t.board.serial("/dev/ttyUSB0", Sds011.BAUD), t.clock);
    }

    @Test
    void frameLayoutPerDatasheet() {
        // PM2.5 = 12.3 (0x007B), PM10 = 45.6 (0x01C8), id 0xA1B2: checksum = (7B+00+C8+01+B2+A1) & FF = 0x97.
        byte[] frame = Sds011Frame.encode(12.3, 45.6, 0xA1B2);
        assertThat(HexFormat.of().formatHex(frame)).isEqualTo("aac07b00c801b2a197ab");
    }

    @Test
    void parserResynchronisesOnGarbageAndSkipsCorruptFrames() {
        var parser = new Sds011FrameParser();
        byte[] good = Sds011Frame.encode(5.0, 9.9, 1);
        byte[] bad = Sds011Frame.encode(7.0, 8.0, 1);
        bad[8] ^= 0x01;
        byte[] stream = HexFormat.of().parseHex("aaab00aac0" + HexFormat.of().formatHex(bad) + "13"
                + HexFormat.of().formatHex(good));
        parser.append(stream, stream.length);
        var frame = parser.next();
        assertThat(frame).contains(new Sds011Frame(5.0, 9.9, 1));
        assertThat(parser.next()).isEmpty();
        assertThat(parser.lastBadChecksum()).hasValue(bad[8] & 0xFF);
    }

    @Test
    void readsTheNewestFrameWithValuesOverTen() throws SensorException {
        module.setConcentrations(3.1, 8.4);
        sensor.init();
        module.setConcentrations(17.5, 42.0);
        t.clock.advance(Duration.ofSeconds(30)); // 30 frames pile up; the newest counts
        var m = sensor.read();
        assertThat(value(m, Quantity.PM2_5)).isCloseTo(17.5, within(1e-9));
        assertThat(value(m, Quantity.PM10)).isCloseTo(42.0, within(1e-9));
    }

    @Test
    void waitsForTheNextFrameWhenNoneIsBuffered() throws SensorException {
        module.setConcentrations(1, 2);
        var start = t.clock.instant();
        sensor.read();
        assertThat(Duration.between(start, t.clock.instant())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void garbageBetweenFramesIsSkipped() throws SensorException {
        module.inject(Fault.GARBAGE_FRAMES);
        module.setConcentrations(9.9, 19.9);
        t.clock.advance(Duration.ofSeconds(3));
        assertThat(value(sensor.read(), Quantity.PM10)).isCloseTo(19.9, within(1e-9));
    }

    @Test
    void badChecksumOnEveryFrame() {
        module.setConcentrations(12.3, 45.6);
        module.inject(Fault.BAD_CHECKSUM);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.BadFrame("checksum 0xB6 where 0x97 expected"));
    }

    @Test
    void silenceTimesOut() {
        module.inject(Fault.NO_DATA);
        var start = t.clock.instant();
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.Timeout("data frame", Sds011.FRAME_WAIT));
        assertThat(Duration.between(start, t.clock.instant())).isEqualTo(Sds011.FRAME_WAIT);
    }

    @Test
    void disconnectMidFrame() throws SensorException {
        module.setConcentrations(1, 2);
        sensor.read();
        module.inject(Fault.DISCONNECT_MID_TRANSFER);
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.BadFrame("no complete frame in 4 bytes"));
        assertThat(faultOf(sensor::read)).isInstanceOf(SensorFault.Timeout.class);
    }

    @Test
    void stuckAndOutOfRange() throws SensorException {
        module.setConcentrations(4, 6);
        var before = sensor.read();
        module.inject(Fault.STUCK_VALUE);
        module.setConcentrations(40, 60);
        t.clock.advance(Duration.ofSeconds(5));
        assertThat(sensor.read()).isEqualTo(before);
        module.clear(Fault.STUCK_VALUE);
        module.inject(Fault.OUT_OF_RANGE);
        t.clock.advance(Duration.ofSeconds(2));
        assertThat(faultOf(sensor::read)).isEqualTo(new SensorFault.OutOfRange(Quantity.PM2_5, 1500, 0, 999.9));
    }
}
