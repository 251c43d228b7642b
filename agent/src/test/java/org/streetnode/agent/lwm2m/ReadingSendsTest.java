package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.object.IpsoSensorObject;
import org.streetnode.agent.lwm2m.object.SensorSource;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.StoredReading;
import org.streetnode.agent.store.TimeQuality;
import org.streetnode.drivers.Quantity;

/** Buffered readings into Send payloads and back, as the platform decodes them. */
class ReadingSendsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123Z");

    private final ReadingBus bus = new ReadingBus();
    private final ReadingPaths paths = ReadingPaths.of(Map.of(3303, new LwM2mInstanceEnabler[] {
            new IpsoSensorObject(IpsoObjects.TEMPERATURE, 0, new SensorSource("air", "bme280", bus,
                    new ReadingStatistics(bus, java.time.Clock.systemUTC())), Quantity.TEMPERATURE)}));

    private static StoredReading reading(long seq, Instant at, double value, TimeQuality quality) {
        return new StoredReading(seq, Priority.NORMAL, "air", Quantity.TEMPERATURE, value, at, quality);
    }

    private static List<ReceivedReading> decode(List<TimestampedLwM2mNodes> payloads) {
        List<ReceivedReading> all = new ArrayList<>();
        payloads.forEach(p -> all.addAll(ReceivedReading.decode(p)));
        return all;
    }

    @Test
    void everyReadingComesBackWithItsSequenceNumberTimestampAndValue() throws Exception {
        // stored out of timestamp order (a late reading committed after a newer one), with a gap at 12
        List<StoredReading> stored = List.of(reading(10, T0.plusSeconds(60), 5.25, TimeQuality.SYNCHRONISED),
                reading(11, T0, 4.75, TimeQuality.UNSYNCHRONISED), reading(13, T0.plusSeconds(120), 6.5, TimeQuality.CORRECTED));
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(7, stored, paths, 4096);

        assertThat(payloads).hasSize(1);
        List<ReceivedReading> got = decode(payloads);
        assertThat(got).extracting(ReceivedReading::epoch).containsOnly(7L);
        assertThat(got).extracting(ReceivedReading::seq).containsExactly(10L, 11L, 13L);
        assertThat(got).extracting(r -> r.path().toString()).containsOnly("/3303/0/5700");
        assertThat(got).extracting(ReceivedReading::timestamp).containsExactly(T0.plusSeconds(60), T0, T0.plusSeconds(120));
        assertThat(got).extracting(ReceivedReading::value).containsExactly(5.25, 4.75, 6.5);
        assertThat(got).extracting(ReceivedReading::unsynchronised).containsExactly(false, true, false);
    }

    @Test
    void twoValuesOfOneResourceAtOneInstantGoInSeparatePayloads() throws Exception {
        List<StoredReading> stored = List.of(reading(1, T0, 4, TimeQuality.SYNCHRONISED),
                reading(2, T0, 5, TimeQuality.SYNCHRONISED));
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(1, stored, paths, 4096);
        assertThat(payloads).hasSize(2);
        assertThat(decode(payloads)).extracting(ReceivedReading::seq).containsExactly(1L, 2L);
    }

    @Test
    void aBatchIsSplitIntoSendsThatFitTheLimit() throws Exception {
        List<StoredReading> stored = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            stored.add(reading(i + 1, T0.plusSeconds(60L * i), 4 + i / 100.0, TimeQuality.SYNCHRONISED));
        }
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(1, stored, paths, 1024);
        assertThat(payloads.size()).isGreaterThan(1);
        assertThat(payloads).allSatisfy(p -> assertThat(ReadingSends.encodedSize(p)).isLessThanOrEqualTo(1024));
        assertThat(decode(payloads)).extracting(ReceivedReading::seq).doesNotHaveDuplicates().hasSize(250);
    }

    @Test
    void aReadingOfASensorNoLongerConfiguredCannotBeNamed() {
        StoredReading gone = new StoredReading(1, Priority.NORMAL, "old-sensor", Quantity.TEMPERATURE, 1, T0,
                TimeQuality.SYNCHRONISED);
        assertThatThrownBy(() -> ReadingSends.payloads(1, List.of(gone), paths, 4096))
                .isInstanceOf(ReadingSends.UnknownSensorException.class).hasMessageContaining("old-sensor");
    }
}
