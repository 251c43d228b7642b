package org.streetnode.agent.lwm2m.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;

/** The compact SenML-CBOR layout of Sends: its exact bytes, and what Leshan's decoder makes of it. */
class CompactSendEncoderTest {
    private static final LwM2mModel MODEL = new StaticModel(StreetnodeModels.models());
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final LwM2mPath TEMPERATURE = new LwM2mPath(3303, 0, 5700);
    private static final LwM2mPath HUMIDITY = new LwM2mPath(3304, 0, 5700);

    private final CompactSendEncoder encoder = new CompactSendEncoder();

    private byte[] encode(TimestampedLwM2mNodes nodes) {
        return encoder.encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);
    }

    private static TimestampedLwM2mNodes decode(byte[] wire) {
        return new DefaultLwM2mDecoder().decodeTimestampedNodes(wire, ContentFormat.SENML_CBOR, null, MODEL);
    }

    @Test
    void eachResourceIsNamedOnceTheTimeIsRelativeAndFloatsTakeTheNarrowestExactWidth() {
        TimestampedLwM2mNodes nodes = TimestampedLwM2mNodes.builder()
                .put(T0, TEMPERATURE, LwM2mSingleResource.newFloatResource(5700, 21.5))
                .put(T0.plusSeconds(60), TEMPERATURE, LwM2mSingleResource.newFloatResource(5700, (double) 21.37f))
                .put(T0.plusMillis(250), HUMIDITY, LwM2mSingleResource.newFloatResource(5700, 45.12))
                .build();

        // [{bn: "/3303/0/5700", bt: 1795168800, v: half 21.5}, {t: 60, v: single 21.37f},
        //  {bn: "/3304/0/5700", t: 4([-2, 25]) (0.25 s), v: double 45.12}]
        assertThat(HexFormat.of().formatHex(encode(nodes))).isEqualTo("83"
                + "a3" + "21" + "6c2f333330332f302f35373030" + "22" + "1a6b001a20" + "02" + "f94d60"
                + "a2" + "06" + "183c" + "02" + "fa41aaf5c3"
                + "a3" + "21" + "6c2f333330342f302f35373030" + "06" + "c482211819" + "02" + "fb40468f5c28f5c28f");
        assertThat(decode(encode(nodes))).isEqualTo(nodes);
    }

    @Test
    void everyValueTypeOfASendAndAnyTimeComeBackExactly() {
        Instant odd = Instant.parse("2026-11-20T09:59:58.123456789Z"); // before the others: the base time
        TimestampedLwM2mNodes nodes = TimestampedLwM2mNodes.builder()
                .put(odd, TEMPERATURE, LwM2mSingleResource.newFloatResource(5700, -0.1))
                .put(T0, TEMPERATURE, LwM2mSingleResource.newFloatResource(5700, 1e300))
                .put(T0, new LwM2mPath(33100, 0, 0), LwM2mSingleResource.newIntegerResource(0, Long.MIN_VALUE))
                .put(T0, new LwM2mPath(33100, 0, 1), LwM2mSingleResource.newIntegerResource(1, Long.MAX_VALUE))
                .put(T0, new LwM2mPath(33100, 0, 3), LwM2mSingleResource.newBinaryResource(3, new byte[300]))
                .put(T0, new LwM2mPath(3302, 0, 5500), LwM2mSingleResource.newBooleanResource(5500, true))
                .put(T0.plusSeconds(100_000), new LwM2mPath(33101, 0, 0),
                        LwM2mSingleResource.newStringResource(0, "dusk+10m 100, 23:00 40 — ü"))
                .build();

        assertThat(decode(encode(nodes))).isEqualTo(nodes);
    }

    @Test
    void aReadingTakesAboutElevenBytesInALargeBatch() {
        // 240 readings of 12 resources a minute apart, single-precision values, whole seconds
        TimestampedLwM2mNodes.Builder b = TimestampedLwM2mNodes.builder();
        int[] objects = {3301, 3303, 3304, 3315, 3324};
        for (int minute = 0; minute < 20; minute++) {
            for (int series = 0; series < 12; series++) {
                double value = (float) (series * 7.1 + minute * 0.37);
                b.put(T0.plusSeconds(60L * minute), new LwM2mPath(objects[series % 5], series / 5, 5700),
                        LwM2mSingleResource.newFloatResource(5700, value));
            }
        }
        TimestampedLwM2mNodes nodes = b.build();
        byte[] compact = encode(nodes);
        byte[] leshan = new DefaultLwM2mEncoder().encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, MODEL);

        assertThat(decode(compact)).isEqualTo(nodes);
        // per record: map head, t (uint16 past 255 s), v (single): 1 + 1 + 3 + 1 + 5 = 11
        assertThat(compact.length / 240.0).isLessThanOrEqualTo(11.5);
        assertThat(leshan.length).isGreaterThan(2 * compact.length);
    }

    @Test
    void whatItDoesNotWriteCompactlyGoesToLeshansEncoderUnchanged() {
        TimestampedLwM2mNodes instance = TimestampedLwM2mNodes.builder()
                .put(T0, new LwM2mPath(3303, 0), new LwM2mObjectInstance(0,
                        List.of(LwM2mSingleResource.newFloatResource(5700, 21.5))))
                .build();
        DefaultLwM2mEncoder leshan = new DefaultLwM2mEncoder();

        assertThat(encode(instance)).isEqualTo(leshan.encodeTimestampedNodes(instance, ContentFormat.SENML_CBOR, MODEL));
        TimestampedLwM2mNodes plain = TimestampedLwM2mNodes.builder()
                .put(T0, TEMPERATURE, LwM2mSingleResource.newFloatResource(5700, 21.5)).build();
        assertThat(encoder.encodeTimestampedNodes(plain, ContentFormat.SENML_JSON, MODEL))
                .isEqualTo(leshan.encodeTimestampedNodes(plain, ContentFormat.SENML_JSON, MODEL));
    }
}
