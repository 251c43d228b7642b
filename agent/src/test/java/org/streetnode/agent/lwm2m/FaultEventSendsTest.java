package org.streetnode.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.demo.ReceivedFaultEvent;
import org.streetnode.agent.demo.ReceivedReading;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.lwm2m.codec.CompactSendEncoder;
import org.streetnode.agent.lwm2m.model.IpsoObjects;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;
import org.streetnode.agent.lwm2m.object.IpsoSensorObject;
import org.streetnode.agent.lwm2m.object.SensorSource;
import org.streetnode.agent.reading.ReadingBus;
import org.streetnode.agent.reading.ReadingStatistics;
import org.streetnode.agent.store.Priority;
import org.streetnode.agent.store.StoredFaultEvent;
import org.streetnode.agent.store.StoredReading;
import org.streetnode.agent.store.StoredRecord;
import org.streetnode.agent.store.TimeQuality;
import org.streetnode.drivers.Quantity;

/**
 * The fault history as Sends: encoded as the node's client encodes them (plain SenML-CBOR),
 * decoded by Leshan's server-side decoder, read as a platform reads them. Each event has its
 * (epoch, sequence number) from the Reading Sequence header like a reading, its time, and its
 * details; the details do not disturb the header's numbering of the readings beside them.
 */
class FaultEventSendsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:12:00Z");
    private static final StaticModel MODEL = new StaticModel(StreetnodeModels.models());

    private final ReadingBus bus = new ReadingBus();
    private final ReadingPaths paths = ReadingPaths.of(Map.of(3303, new LwM2mInstanceEnabler[] {
            new IpsoSensorObject(IpsoObjects.TEMPERATURE, 0, new SensorSource("air", "bme280", bus,
                    new ReadingStatistics(bus, java.time.Clock.systemUTC())), Quantity.TEMPERATURE)}));

    private static StoredReading reading(long seq, Instant at, double value) {
        return new StoredReading(seq, Priority.NORMAL, "air", Quantity.TEMPERATURE, value, at, TimeQuality.SYNCHRONISED);
    }

    private static StoredFaultEvent event(long seq, Instant at, String source, Fault.Kind kind, boolean raised,
            TimeQuality quality) {
        return new StoredFaultEvent(seq, source, kind, source + (raised ? " raised" : " cleared"), raised, at, quality);
    }

    /** Every payload as the wire carries it: the client's encoder, then Leshan's server decoder. */
    private static List<TimestampedLwM2mNodes> overTheWire(List<TimestampedLwM2mNodes> payloads) {
        List<TimestampedLwM2mNodes> received = new ArrayList<>();
        for (TimestampedLwM2mNodes p : payloads) {
            byte[] wire = new CompactSendEncoder().encodeTimestampedNodes(p, ContentFormat.SENML_CBOR, MODEL);
            received.add(new DefaultLwM2mDecoder().decodeTimestampedNodes(wire, ContentFormat.SENML_CBOR, null, MODEL));
        }
        return received;
    }

    @Test
    void faultEventsBesideReadingsComeBackWithTheirIdentityTimeAndDetails() throws Exception {
        List<StoredRecord> stored = List.of(reading(40, T0, 5.5),
                event(41, T0.plusSeconds(1), "sensor:pm", Fault.Kind.PERIPHERAL, true, TimeQuality.SYNCHRONISED),
                reading(42, T0.plusSeconds(60), 5.25),
                event(43, T0.plusSeconds(300), "store:quarantined", Fault.Kind.STORE, true, TimeQuality.UNSYNCHRONISED),
                event(44, T0.plusSeconds(420), "sensor:pm", Fault.Kind.PERIPHERAL, false, TimeQuality.CORRECTED));
        List<TimestampedLwM2mNodes> received = overTheWire(ReadingSends.payloads(9, stored, paths, 4096));
        assertThat(received).hasSize(1);

        assertThat(ReceivedReading.decode(received.get(0))).extracting(ReceivedReading::seq, r -> r.path().toString())
                .containsExactly(tuple(40L, "/3303/0/5700"), tuple(41L, "/33103/0/0"), tuple(42L, "/3303/0/5700"),
                        tuple(43L, "/33103/0/0"), tuple(44L, "/33103/0/0"));
        assertThat(ReceivedFaultEvent.decode(received.get(0))).containsExactly(
                new ReceivedFaultEvent(9, 41, T0.plusSeconds(1), true, "sensor:pm", "peripheral", 8, "sensor:pm raised", false),
                new ReceivedFaultEvent(9, 43, T0.plusSeconds(300), true, "store:quarantined", "store", 16,
                        "store:quarantined raised", true),
                new ReceivedFaultEvent(9, 44, T0.plusSeconds(420), false, "sensor:pm", "peripheral", 8, "sensor:pm cleared",
                        false));
    }

    @Test
    void twoEventsOfOneSecondGoInTwoSendsEachWholeAndTheSendsArePlainSenml() throws Exception {
        // the lamp fails and its supply goes in the same second: one path cannot hold two values at one time
        List<StoredRecord> stored = List.of(event(7, T0, "lamp:failure", Fault.Kind.LAMP, true, TimeQuality.SYNCHRONISED),
                event(8, T0, "lamp:supply", Fault.Kind.LAMP, true, TimeQuality.SYNCHRONISED));
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(9, stored, paths, 4096);
        assertThat(payloads).hasSize(2);
        List<ReceivedFaultEvent> got = new ArrayList<>();
        overTheWire(payloads).forEach(p -> got.addAll(ReceivedFaultEvent.decode(p)));
        assertThat(got).extracting(ReceivedFaultEvent::seq, ReceivedFaultEvent::source, ReceivedFaultEvent::errorCode)
                .containsExactly(tuple(7L, "lamp:failure", 17L), tuple(8L, "lamp:supply", 17L));

        // RFC 8428 records, each resource named once, then times relative to the first record's
        byte[] wire = new CompactSendEncoder().encodeTimestampedNodes(payloads.get(0), ContentFormat.SENML_CBOR, MODEL);
        TimestampedLwM2mNodes decoded = new DefaultLwM2mDecoder().decodeTimestampedNodes(wire, ContentFormat.SENML_CBOR,
                null, MODEL);
        assertThat(decoded.getNodesAt(T0)).containsEntry(new LwM2mPath(33103, 0, 1),
                LwM2mSingleResource.newStringResource(1, "lamp:failure"));
        assertThat(HexFormat.of().formatHex(wire)).startsWith("89"); // an array of 9 records: 5 of the event, 4 of the header
    }

    /** The README's worked example of a Send of the fault history, byte for byte. */
    @Test
    void theReadmesExampleIsTheseBytes() throws Exception {
        List<StoredRecord> stored = List.of(new StoredFaultEvent(1045, "lamp:failure", Fault.Kind.LAMP,
                "lamp failure: no current", true, Instant.parse("2026-11-20T03:12:07Z"), TimeQuality.SYNCHRONISED));
        List<TimestampedLwM2mNodes> payloads = ReadingSends.payloads(7, stored, paths, 4096);
        assertThat(payloads).hasSize(1);
        byte[] wire = new CompactSendEncoder().encodeTimestampedNodes(payloads.get(0), ContentFormat.SENML_CBOR, MODEL);
        assertThat(HexFormat.of().formatHex(wire)).isEqualTo(
                "89a3216a2f33333130302f302f30221a6affba870207a2216a2f33333130302f302f3102190415a2216a2f33333130302f30"
                + "2f3202190415a2216a2f33333130302f302f3308410fa2216a2f33333130332f302f3004f5a2216a2f33333130332f302f31"
                + "036c6c616d703a6661696c757265a2216a2f33333130332f302f3203646c616d70a2216a2f33333130332f302f330211a221"
                + "6a2f33333130332f302f340378186c616d70206661696c7572653a206e6f2063757272656e74");
    }
}
