package org.streetnode.agent.lwm2m.codec;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;

/**
 * Leshan's encoder, except for timestamped single resources in SenML-CBOR (what a Send of
 * buffered readings carries), which it writes compactly: every record of one resource after
 * another, the resource's name once as base name, one base time for the pack and each record's
 * time relative to it, floats in the narrowest width that holds them exactly.
 *
 * <p>Leshan 2.0.0-M15 writes the full name, an absolute time as a decimal fraction and a double
 * on every record (about 38 bytes for a reading); this layout takes about 11. It is plain RFC 8428
 * SenML, which any SenML-CBOR decoder (Leshan's included) resolves to the same (name, time,
 * value) records, and it is exact: times are written as integers when whole and as decimal
 * fractions otherwise, floats as half, single or double precision, whichever gives back the same
 * double. Payloads with anything else (objects, instances, multiple resources, types other than
 * float, integer, boolean, string and opaque, or a value whose type is not the model's) go to
 * Leshan's encoder unchanged.
 */
public final class CompactSendEncoder extends DefaultLwM2mEncoder {
    // SenML-CBOR labels, RFC 8428 section 6
    private static final int BASE_NAME = -2;
    private static final int BASE_TIME = -3;
    private static final int TIME = 6;
    private static final int VALUE = 2;
    private static final int STRING_VALUE = 3;
    private static final int BOOLEAN_VALUE = 4;
    private static final int DATA_VALUE = 8;

    @Override
    public byte[] encodeTimestampedNodes(TimestampedLwM2mNodes nodes, ContentFormat format, LwM2mModel model)
            throws CodecException {
        if (!ContentFormat.SENML_CBOR.equals(format)) {
            return super.encodeTimestampedNodes(nodes, format, model);
        }
        return series(nodes, model).map(CompactSendEncoder::encode)
                .orElseGet(() -> super.encodeTimestampedNodes(nodes, format, model));
    }

    /** The records by resource, then time; empty if the payload holds anything this layout does not write. */
    private static Optional<Map<LwM2mPath, Map<Instant, LwM2mSingleResource>>> series(TimestampedLwM2mNodes nodes,
            LwM2mModel model) {
        Map<LwM2mPath, Map<Instant, LwM2mSingleResource>> series = new TreeMap<>();
        for (Instant at : nodes.getTimestamps()) {
            if (at == null) {
                return Optional.empty();
            }
            for (Map.Entry<LwM2mPath, LwM2mNode> e : nodes.getNodesAt(at).entrySet()) {
                LwM2mPath path = e.getKey();
                if (!path.isResource() || !(e.getValue() instanceof LwM2mSingleResource r) || !written(r, path, model)) {
                    return Optional.empty();
                }
                series.computeIfAbsent(path, p -> new TreeMap<>()).put(at, r);
            }
        }
        return series.isEmpty() ? Optional.empty() : Optional.of(series);
    }

    private static boolean written(LwM2mSingleResource r, LwM2mPath path, LwM2mModel model) {
        ResourceModel m = model.getResourceModel(path.getObjectId(), path.getResourceId());
        if (m == null || m.type != r.getType()) {
            return false;
        }
        return switch (r.getType()) {
            case FLOAT, INTEGER, BOOLEAN, STRING, OPAQUE -> true;
            default -> false;
        };
    }

    private static byte[] encode(Map<LwM2mPath, Map<Instant, LwM2mSingleResource>> series) {
        int records = series.values().stream().mapToInt(Map::size).sum();
        BigDecimal baseTime = series.values().stream().flatMap(s -> s.keySet().stream()).min(Instant::compareTo)
                .map(CompactSendEncoder::seconds).orElseThrow();
        CborWriter cbor = new CborWriter().array(records);
        boolean first = true;
        for (Map.Entry<LwM2mPath, Map<Instant, LwM2mSingleResource>> s : series.entrySet()) {
            boolean named = false;
            for (Map.Entry<Instant, LwM2mSingleResource> record : s.getValue().entrySet()) {
                BigDecimal time = seconds(record.getKey()).subtract(baseTime);
                boolean timed = time.signum() != 0; // no t: at the base time
                cbor.map(1 + (named ? 0 : 1) + (first ? 1 : 0) + (timed ? 1 : 0));
                if (!named) {
                    cbor.integer(BASE_NAME).text(s.getKey().toString());
                    named = true;
                }
                if (first) {
                    cbor.integer(BASE_TIME).decimal(baseTime);
                    first = false;
                }
                if (timed) {
                    cbor.integer(TIME).decimal(time);
                }
                value(cbor, record.getValue());
            }
        }
        return cbor.toByteArray();
    }

    private static void value(CborWriter cbor, LwM2mSingleResource r) {
        switch (r.getType()) {
            case FLOAT -> cbor.integer(VALUE).floating((Double) r.getValue());
            case INTEGER -> cbor.integer(VALUE).integer((Long) r.getValue());
            case BOOLEAN -> cbor.integer(BOOLEAN_VALUE).bool((Boolean) r.getValue());
            case STRING -> cbor.integer(STRING_VALUE).text((String) r.getValue());
            case OPAQUE -> cbor.integer(DATA_VALUE).bytes((byte[]) r.getValue());
            default -> throw new IllegalStateException("not written compactly: " + r.getType());
        }
    }

    /** The exact time in seconds since 1970, as SenML counts it. */
    private static BigDecimal seconds(Instant at) {
        return BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano(), 9));
    }
}
