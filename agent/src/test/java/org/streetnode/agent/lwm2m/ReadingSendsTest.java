package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.lwm2m.codec.CompactSendEncoder;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;
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

    private static final StaticModel MODEL = new StaticModel(StreetnodeModels.models());

    private final ReadingBus bus = new ReadingBus();
    private final ReadingPaths paths = ReadingPaths.of(Map.of(3303, new LwM2mInstanceEnabler[] {
            new IpsoSensorObject(IpsoObjects.TEMPERATURE, 0, new SensorSource("air", "bme280", bus,
                    new ReadingStatistics(bus, java.time.Clock.systemUTC())), Quantity.TEMPERATURE)}));

    private static StoredReading reading(long seq, Instant at, double value, TimeQuality quality) {
        return new StoredReading(seq, Priority.NORMAL, "air", Quantity.TEMPERATURE, value, at, quality);
    }

    /** As the platform gets them: encoded as the node's client does, decoded by Leshan's server decoder. */
    private static List<ReceivedReading> decode(List<TimestampedLwM2mNodes> payloads) {
        List<ReceivedReading> all = new ArrayList<>();
        for (TimestampedLwM2mNodes p : payloads) {
            byte[] wire = new CompactSendEncoder().encodeTimestampedNodes(p, ContentFormat.SENML_CBOR, MODEL);
            all.addAll(ReceivedReading.decode(
                    new DefaultLwM2mDecoder().decodeTimestampedNodes(wire, ContentFormat.SENML_CBOR, null, MODEL)));
        }
        return all;
    }

    @Test
    void everyReadingComesBackWithItsSequenceNumberTimestampAndValue() throws Exception {
        // a gap at 12 (dropped), and the clock quality of each
        List<StoredReading> stored = List.of(reading(10, T0, 5.25, TimeQuality.SYNCHRONISED),
                reading(11, T0.plusSeconds(60), 4.75, TimeQuality.UNSYNCHRONISED),
                reading(13, T0.plusSeconds(120), 6.5, TimeQuality.CORRECTED));
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(7, stored, paths, 4096);

        assertThat(payloads).hasSize(1);
        List<ReceivedReading> got = decode(payloads);
        assertThat(got).extracting(ReceivedReading::epoch).containsOnly(7L);
        assertThat(got).extracting(ReceivedReading::seq).containsExactly(10L, 11L, 13L);
        assertThat(got).extracting(r -> r.path().toString()).containsOnly("/3303/0/5700");
        assertThat(got).extracting(ReceivedReading::timestamp).containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(got).extracting(ReceivedReading::value).containsExactly(5.25, 4.75, 6.5);
        assertThat(got).extracting(ReceivedReading::unsynchronised).containsExactly(false, true, false);
    }

    @Test
    void aReadingOlderThanOneBeforeItOfTheSameResourceStartsTheNextSend() throws Exception {
        // a late reading committed after a newer one (the clock went back): the header orders a
        // resource's readings by time, so the two cannot share a Send
        List<StoredReading> stored = List.of(reading(10, T0.plusSeconds(60), 5.25, TimeQuality.SYNCHRONISED),
                reading(11, T0, 4.75, TimeQuality.SYNCHRONISED));
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(7, stored, paths, 4096);

        assertThat(payloads).hasSize(2);
        assertThat(decode(payloads)).extracting(ReceivedReading::seq, ReceivedReading::timestamp)
                .containsExactly(tuple(10L, T0.plusSeconds(60)), tuple(11L, T0));
    }

    @Test
    void readingsOfManyResourcesInterleavedComeBackEachWithItsOwnSequenceNumber() throws Exception {
        // 20 temperature sensors: more than a nibble can index, so the order takes a byte a reading
        Map<Integer, LwM2mInstanceEnabler[]> objects = new HashMap<>();
        LwM2mInstanceEnabler[] sensors = new LwM2mInstanceEnabler[20];
        for (int i = 0; i < sensors.length; i++) {
            sensors[i] = new IpsoSensorObject(IpsoObjects.TEMPERATURE, i, new SensorSource("t" + i, "bme280", bus,
                    new ReadingStatistics(bus, java.time.Clock.systemUTC())), Quantity.TEMPERATURE);
        }
        objects.put(3303, sensors);
        ReadingPaths many = ReadingPaths.of(objects);
        List<StoredReading> stored = new ArrayList<>();
        long seq = 100;
        for (int minute = 0; minute < 5; minute++) {
            for (int i = sensors.length - 1; i >= 0; i--) { // taken in the reverse of path order
                seq += seq % 7 == 0 ? 2 : 1; // with gaps
                stored.add(new StoredReading(seq, Priority.NORMAL, "t" + i, Quantity.TEMPERATURE, i + minute / 4.0,
                        T0.plusSeconds(60L * minute), TimeQuality.SYNCHRONISED));
            }
        }
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(3, stored, many, 8192);

        assertThat(payloads).hasSize(1);
        List<ReceivedReading> got = decode(payloads);
        assertThat(got).extracting(ReceivedReading::seq).containsExactlyElementsOf(stored.stream().map(StoredReading::seq).toList());
        for (int k = 0; k < stored.size(); k++) {
            StoredReading want = stored.get(k);
            int instance = Integer.parseInt(want.sensorId().substring(1));
            assertThat(got.get(k).path().getObjectInstanceId()).isEqualTo(instance);
            assertThat(got.get(k).timestamp()).isEqualTo(want.timestamp());
            assertThat(got.get(k).value()).isEqualTo(want.value());
        }
    }

    @Test
    void aWideGapInTheSequenceNumbersStartsTheNextSend() throws Exception {
        long gap = ReadingSends.MAX_GAP;
        List<StoredReading> stored = List.of(reading(1, T0, 4, TimeQuality.SYNCHRONISED),
                reading(1 + gap, T0.plusSeconds(60), 5, TimeQuality.SYNCHRONISED), // as wide as a Send takes
                reading(2 + 2 * gap, T0.plusSeconds(120), 6, TimeQuality.SYNCHRONISED)); // one wider
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(1, stored, paths, 4096);

        assertThat(payloads).hasSize(2);
        assertThat(decode(payloads)).extracting(ReceivedReading::seq).containsExactly(1L, 1 + gap, 2 + 2 * gap);
    }

    @Test
    void aHeaderThatDoesNotFitItsReadingsIsRefused() throws Exception {
        TimestampedLwM2mNodes payload = ReadingSends.payloads(1, List.of(reading(1, T0, 4, TimeQuality.SYNCHRONISED),
                reading(2, T0.plusSeconds(60), 5, TimeQuality.SYNCHRONISED)), paths, 4096).get(0);
        TimestampedLwM2mNodes.Builder tampered = TimestampedLwM2mNodes.builder();
        for (Instant at : payload.getTimestamps()) {
            payload.getNodesAt(at).forEach((path, node) -> tampered.put(at, path,
                    path.toString().equals("/33100/0/3") ? LwM2mSingleResource.newBinaryResource(3, new byte[] {0x0F}) : node));
        }
        assertThatThrownBy(() -> ReceivedReading.decode(tampered.build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no sequence number");
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

    /** The README's worked example of a Send (section "Models for platforms"): these exact bytes. */
    @Test
    void theReadmesWorkedExample() throws Exception {
        SensorSource air = new SensorSource("air", "bme280", bus, new ReadingStatistics(bus, java.time.Clock.systemUTC()));
        ReadingPaths airPaths = ReadingPaths.of(Map.of(
                3303, new LwM2mInstanceEnabler[] {new IpsoSensorObject(IpsoObjects.TEMPERATURE, 0, air, Quantity.TEMPERATURE)},
                3304, new LwM2mInstanceEnabler[] {new IpsoSensorObject(IpsoObjects.HUMIDITY, 0, air, Quantity.HUMIDITY)}));
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        List<StoredReading> stored = List.of(
                new StoredReading(1040, Priority.NORMAL, "air", Quantity.TEMPERATURE, 21.5, t, TimeQuality.UNSYNCHRONISED),
                new StoredReading(1041, Priority.NORMAL, "air", Quantity.HUMIDITY, 45.5, t, TimeQuality.SYNCHRONISED),
                new StoredReading(1043, Priority.NORMAL, "air", Quantity.TEMPERATURE, 21.25, t.plusSeconds(60),
                        TimeQuality.SYNCHRONISED),
                new StoredReading(1044, Priority.NORMAL, "air", Quantity.HUMIDITY, 46, t.plusSeconds(60),
                        TimeQuality.SYNCHRONISED));
        TimestampedLwM2mNodes send = ReadingSends.payloads(7, stored, airPaths, 4096).get(0);
        byte[] wire = new CompactSendEncoder().encodeTimestampedNodes(send, ContentFormat.SENML_CBOR, MODEL);

        assertThat(HexFormat.of().formatHex(wire)).isEqualTo("89"
                + "a3" + "21" + "6c2f333330332f302f35373030" + "22" + "1a6b001a20" + "02" + "f94d60"
                + "a2" + "06" + "183c" + "02" + "f94d50"
                + "a2" + "21" + "6c2f333330342f302f35373030" + "02" + "f951b0"
                + "a2" + "06" + "183c" + "02" + "f951c0"
                + "a2" + "21" + "6a2f33333130302f302f30" + "02" + "07"
                + "a2" + "21" + "6a2f33333130302f302f31" + "02" + "190410"
                + "a2" + "21" + "6a2f33333130302f302f32" + "02" + "190414"
                + "a2" + "21" + "6a2f33333130302f302f33" + "08" + "4301f01f"
                + "a2" + "21" + "6a2f33333130302f302f34" + "08" + "4100");
        assertThat(decode(List.of(send))).extracting(ReceivedReading::seq, r -> r.path().toString(), ReceivedReading::value,
                ReceivedReading::unsynchronised).containsExactly(
                        tuple(1040L, "/3303/0/5700", 21.5, true), tuple(1041L, "/3304/0/5700", 45.5, false),
                        tuple(1043L, "/3303/0/5700", 21.25, false), tuple(1044L, "/3304/0/5700", 46.0, false));
    }
}
