package org.streetnode.agent.delivery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import com.upokecenter.cbor.CBORObject;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.senml.SenMLPack;
import org.eclipse.leshan.senml.SenMLRecord;
import org.eclipse.leshan.senml.cbor.upokecenter.SenMLCborUpokecenterEncoderDecoder;

/**
 * Bytes on the wire per reading for a large batch in SenML-CBOR: Leshan 2.0.0-M15's own
 * encoding of {@link TimestampedLwM2mNodes} (what {@code DataSenderManager.sendData} sends) against
 * the compact layout proposed for the Send adapter, both encoded by Leshan's SenML-CBOR encoder
 * and the compact one decoded back by Leshan's decoder. Run: agent/src/bench/store-bench.sh wire
 */
public final class WireSizeEstimate {
    /** The default sensor set: 12 IPSO sensor values, resource 5700, one every 60 s. */
    static final int[][] SENSORS = {{3303, 0}, {3304, 0}, {3315, 0}, {3301, 0}, {3325, 0}, {3325, 1}, {3302, 0},
        {3324, 0}, {3316, 0}, {3317, 0}, {3328, 0}, {3303, 1}};

    private WireSizeEstimate() {}

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        Instant start = Instant.parse("2026-03-01T12:00:00.123Z");
        List<double[]> values = new ArrayList<>();
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < batch; i++) {
            values.add(new double[] {Math.round((10 + r.nextDouble() * 20) * 100) / 100.0});
        }

        // Leshan's encoding of timestamped nodes
        TimestampedLwM2mNodes.Builder nodes = TimestampedLwM2mNodes.builder();
        for (int i = 0; i < batch; i++) {
            int[] s = SENSORS[i % SENSORS.length];
            Instant t = start.plusSeconds(60L * (i / SENSORS.length)).plusMillis(i % SENSORS.length * 7);
            nodes.put(t, new LwM2mPath(s[0], s[1], 5700), LwM2mSingleResource.newFloatResource(5700, values.get(i)[0]));
        }
        byte[] leshan = new DefaultLwM2mEncoder().encodeTimestampedNodes(nodes.build(), ContentFormat.SENML_CBOR, model());

        // the compact layout: batch header once; records grouped by path, bn once per run,
        // bt once, t relative whole seconds (uint16), v as float32; order index 4 bits a reading
        SenMLPack pack = new SenMLPack();
        pack.addRecord(record("/33100/0/", "0", 1772366400L));
        pack.addRecord(record(null, "1", 4_000_000L));
        SenMLRecord order = new SenMLRecord();
        order.setName("2");
        order.setOpaqueValue(new byte[(batch + 1) / 2]);
        pack.addRecord(order);
        boolean first = true;
        for (int s = 0; s < SENSORS.length; s++) {
            boolean runStart = true;
            for (int i = s; i < batch; i += SENSORS.length) {
                SenMLRecord rec = new SenMLRecord();
                if (runStart) {
                    rec.setBaseName("/" + SENSORS[s][0] + "/" + SENSORS[s][1] + "/5700");
                    runStart = false;
                }
                if (first) {
                    rec.setBaseTime(new BigDecimal("1772366400.123"));
                    first = false;
                }
                rec.setTime(BigDecimal.valueOf(60L * (i / SENSORS.length)));
                rec.setNumberValue((float) values.get(i)[0]);
                pack.addRecord(rec);
            }
        }
        SenMLCborUpokecenterEncoderDecoder codec = new SenMLCborUpokecenterEncoderDecoder();
        byte[] compact = codec.toSenML(pack);
        SenMLPack decoded = codec.fromSenML(compact);
        if (decoded.getRecords().size() != pack.getRecords().size()) {
            throw new IllegalStateException("compact pack did not decode back");
        }
        System.out.printf("batch of %d readings (12 sensors, 60 s apart)%n", batch);
        System.out.printf("Leshan encodeTimestampedNodes SENML_CBOR: %d bytes, %.1f bytes/reading%n", leshan.length,
                leshan.length / (double) batch);
        System.out.printf("compact layout (incl. epoch, first seq, order index): %d bytes, %.1f bytes/reading%n",
                compact.length, compact.length / (double) batch);
        byte[] integerTime = compactIntegerTime(batch, values);
        SenMLPack back = codec.fromSenML(integerTime);
        if (back.getRecords().size() != pack.getRecords().size()
                || back.getRecords().get(5).getTime().intValue() != pack.getRecords().get(5).getTime().intValue()) {
            throw new IllegalStateException("integer-time pack did not decode back the same");
        }
        System.out.printf("compact layout, t as CBOR integer (own SenMLEncoder; Leshan's decoder reads it): %d bytes,"
                + " %.1f bytes/reading%n", integerTime.length, integerTime.length / (double) batch);
        System.out.println("(Leshan's SenML-CBOR serializer writes every t as a decimal fraction: t=0 is c4 82 00 00)");
    }

    /** The same records written with the CBOR library Leshan uses, but t as an integer. */
    private static byte[] compactIntegerTime(int batch, List<double[]> values) {
        CBORObject array = CBORObject.NewArray();
        array.Add(CBORObject.NewOrderedMap().Add(-2, "/33100/0/").Add(0, "0").Add(2, 1772366400L));
        array.Add(CBORObject.NewOrderedMap().Add(0, "1").Add(2, 4_000_000L));
        array.Add(CBORObject.NewOrderedMap().Add(0, "2").Add(8, new byte[(batch + 1) / 2]));
        boolean first = true;
        for (int s = 0; s < SENSORS.length; s++) {
            boolean runStart = true;
            for (int i = s; i < batch; i += SENSORS.length) {
                CBORObject rec = CBORObject.NewOrderedMap();
                if (runStart) {
                    rec.Add(-2, "/" + SENSORS[s][0] + "/" + SENSORS[s][1] + "/5700");
                    runStart = false;
                }
                if (first) {
                    rec.Add(-3, new BigDecimal("1772366400.123"));
                    first = false;
                }
                rec.Add(6, 60 * (i / SENSORS.length));
                rec.Add(2, (float) values.get(i)[0]);
                array.Add(rec);
            }
        }
        return array.EncodeToBytes();
    }

    private static SenMLRecord record(String bn, String n, long v) {
        SenMLRecord rec = new SenMLRecord();
        if (bn != null) {
            rec.setBaseName(bn);
        }
        rec.setName(n);
        rec.setNumberValue(v);
        return rec;
    }

    private static LwM2mModel model() {
        List<ObjectModel> objects = new ArrayList<>();
        for (int id : new int[] {3301, 3302, 3303, 3304, 3315, 3316, 3317, 3324, 3325, 3328}) {
            objects.add(new ObjectModel(id, "o" + id, "", "1.0", true, false, new ResourceModel(5700, "Sensor Value",
                    ResourceModel.Operations.R, false, true, ResourceModel.Type.FLOAT, "", "", "")));
        }
        return new StaticModel(objects);
    }
}
