package org.streetnode.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SensorFaultTest {

    @Test
    void messagesSayWhatHappenedInOneLine() {
        assertThat(new SensorFault.NoAck(1, 0x76).message()).isEqualTo("no ACK at 0x76 on i2c-1");
        assertThat(new SensorFault.WrongChipId(0x60, 0x58).message()).isEqualTo("chip id 0x58 where 0x60 expected");
        assertThat(new SensorFault.WrongChipId(0x399F, 0x4127).message())
                .isEqualTo("chip id 0x4127 where 0x399F expected");
        assertThat(new SensorFault.CrcMismatch(0x92, 0x12).message()).isEqualTo("CRC 0x12 where 0x92 expected");
        assertThat(new SensorFault.BadFrame("checksum 0x01 where 0x02 expected").message())
                .isEqualTo("bad frame: checksum 0x01 where 0x02 expected");
        assertThat(new SensorFault.Timeout("conversion", Duration.ofMillis(14)).message())
                .isEqualTo("no conversion within 14 ms");
        assertThat(new SensorFault.Disconnected("read 0 of 1 bytes at 0x76 on i2c-1").message())
                .isEqualTo("disconnected mid-transfer: read 0 of 1 bytes at 0x76 on i2c-1");
        assertThat(new SensorFault.OutOfRange(Quantity.TEMPERATURE, 100, -40, 85).message())
                .isEqualTo("temperature 100 Cel outside -40..85 Cel");
    }
}
