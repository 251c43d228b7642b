package org.streetnode.agent.delivery;

import java.time.Instant;
import java.util.Random;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.streetnode.agent.lwm2m.codec.CompactSendEncoder;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;

/**
 * SenML-CBOR bytes per reading for one large batch of readings (no Reading Sequence header):
 * the node's {@link CompactSendEncoder} against Leshan 2.0.0-M15's own encoding of the same
 * {@link TimestampedLwM2mNodes}, both decoded back by Leshan's decoder and checked equal.
 * Readings as the buffer keeps them: single-precision values, whole-second times, 12 resources
 * read once a minute. Run: agent/src/bench/store-bench.sh wire
 */
public final class WireSizeEstimate {
    private static final int[] OBJECTS = {3301, 3303, 3304, 3315, 3324};
    private static final int SERIES = 12;

    private WireSizeEstimate() {
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        LwM2mModel model = new StaticModel(StreetnodeModels.models());
        Instant start = Instant.parse("2026-03-01T12:00:07Z");
        Random random = new Random(5);
        TimestampedLwM2mNodes.Builder b = TimestampedLwM2mNodes.builder();
        for (int i = 0; i < batch; i++) {
            int series = i % SERIES;
            double value = (float) (10 + random.nextDouble() * 20);
            b.put(start.plusSeconds(60L * (i / SERIES)), new LwM2mPath(OBJECTS[series % 5], series / 5, 5700),
                    LwM2mSingleResource.newFloatResource(5700, value));
        }
        TimestampedLwM2mNodes nodes = b.build();

        byte[] leshan = new DefaultLwM2mEncoder().encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, model);
        byte[] compact = new CompactSendEncoder().encodeTimestampedNodes(nodes, ContentFormat.SENML_CBOR, model);
        DefaultLwM2mDecoder decoder = new DefaultLwM2mDecoder();
        for (byte[] wire : new byte[][] {leshan, compact}) {
            if (!decoder.decodeTimestampedNodes(wire, ContentFormat.SENML_CBOR, null, model).equals(nodes)) {
                throw new IllegalStateException("a payload did not decode back to the same readings");
            }
        }
        System.out.printf("batch of %d readings (%d resources, 60 s apart), no header%n", batch, SERIES);
        System.out.printf("Leshan encodeTimestampedNodes SENML_CBOR: %d bytes, %.1f bytes/reading%n", leshan.length,
                leshan.length / (double) batch);
        System.out.printf("CompactSendEncoder SENML_CBOR:            %d bytes, %.1f bytes/reading%n", compact.length,
                compact.length / (double) batch);
    }
}
