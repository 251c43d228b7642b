package org.streetnode.agent.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.streetnode.drivers.Quantity;

class ReadingTest {
    private static final Instant AT = Instant.parse("2026-11-20T10:00:00.123Z");

    @Test
    void aValueIsHeldInSinglePrecisionSoASendCarriesItInFourBytesExactly() {
        Reading r = new Reading("air", Quantity.TEMPERATURE, 21.374519038, AT, true);
        assertThat(r.value()).isEqualTo((double) 21.374519038f).isNotEqualTo(21.374519038);
    }

    @Test
    void aValueSinglePrecisionCannotHoldIsRefused() {
        assertThatThrownBy(() -> new Reading("meter", Quantity.POWER, 1e39, AT, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("meter POWER");
        assertThatThrownBy(() -> new Reading("meter", Quantity.POWER, Double.NaN, AT, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
