package org.streetnode.agent.lwm2m;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;
import org.streetnode.agent.store.StoredReading;
import org.streetnode.agent.store.TimeQuality;
import org.streetnode.drivers.Quantity;

/**
 * Turns buffered readings into LwM2M Send payloads: each reading under the resource that shows
 * its sensor's quantity, at its own timestamp, plus one {@link StreetnodeObjects#READING_SEQUENCE}
 * header per payload that gives every reading its (epoch, sequence number).
 *
 * <p>A payload cannot hold two values of one resource at one instant (SenML would read them as
 * one); such readings go into the next payload.
 */
public final class ReadingSends {
    private static final int HEADER = StreetnodeObjects.READING_SEQUENCE.id();
    private static final DefaultLwM2mEncoder ENCODER = new DefaultLwM2mEncoder();
    private static final StaticModel MODEL = new StaticModel(StreetnodeModels.models());

    private ReadingSends() {
    }

    /** A reading whose sensor no longer has a resource (the board profile changed since it was taken). */
    public static final class UnknownSensorException extends Exception {
        UnknownSensorException(String message) {
            super(message);
        }
    }

    private record Named(StoredReading reading, LwM2mPath path) {
    }

    /**
     * @param maxBytes the largest SenML-CBOR payload one Send may carry: servers cap request
     *     bodies (Leshan's default is 8 KB), so a batch is split into Sends that each fit
     */
    public static List<TimestampedLwM2mNodes> payloads(long epoch, List<StoredReading> readings, ReadingPaths paths,
            int maxBytes) throws UnknownSensorException {
        List<Named> named = new ArrayList<>();
        for (StoredReading r : readings) {
            LwM2mPath path = paths.path(r.sensorId(), r.quantity()).orElseThrow(() -> new UnknownSensorException(
                    "no LwM2M resource shows " + r.quantity() + " of sensor " + r.sensorId()
                            + " (it is not in the board profile any more)"));
            named.add(new Named(r, path));
        }
        // SenML record order, which the sequence order refers to: timestamp, then path.
        named.sort(Comparator.comparing((Named n) -> n.reading().timestamp()).thenComparing(Named::path));

        List<List<Named>> groups = new ArrayList<>();
        List<Named> current = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Named n : named) {
            if (!seen.add(n.reading().timestamp() + " " + n.path())) {
                groups.add(current);
                current = new ArrayList<>();
                seen.clear();
                seen.add(n.reading().timestamp() + " " + n.path());
            }
            current.add(n);
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }

        List<TimestampedLwM2mNodes> payloads = new ArrayList<>();
        for (List<Named> group : groups) {
            fit(epoch, group, maxBytes, payloads);
        }
        return payloads;
    }

    /** Adds the group as one payload if it fits in {@code maxBytes}, else as halves that do. */
    private static void fit(long epoch, List<Named> group, int maxBytes, List<TimestampedLwM2mNodes> out) {
        TimestampedLwM2mNodes payload = payload(epoch, group);
        if (group.size() > 1 && encodedSize(payload) > maxBytes) {
            fit(epoch, group.subList(0, group.size() / 2), maxBytes, out);
            fit(epoch, group.subList(group.size() / 2, group.size()), maxBytes, out);
        } else {
            out.add(payload);
        }
    }

    /** The size of the payload as Leshan will encode it for the Send. */
    public static int encodedSize(TimestampedLwM2mNodes payload) {
        return ENCODER.encodeTimestampedNodes(payload, ContentFormat.SENML_CBOR, MODEL).length;
    }

    private static TimestampedLwM2mNodes payload(long epoch, List<Named> group) {
        long first = group.stream().mapToLong(n -> n.reading().seq()).min().orElseThrow();
        long last = group.stream().mapToLong(n -> n.reading().seq()).max().orElseThrow();
        ByteArrayOutputStream order = new ByteArrayOutputStream();
        ByteArrayOutputStream unsynchronised = new ByteArrayOutputStream();
        TimestampedLwM2mNodes.Builder b = TimestampedLwM2mNodes.builder();
        for (Named n : group) {
            StoredReading r = n.reading();
            b.put(r.timestamp(), n.path(), resource(n.path().getResourceId(), r));
            varint(order, r.seq() - first);
            if (r.timeQuality() == TimeQuality.UNSYNCHRONISED) {
                varint(unsynchronised, r.seq() - first);
            }
        }
        Instant at = group.get(0).reading().timestamp();
        b.put(at, new LwM2mPath(HEADER, 0, 0), LwM2mSingleResource.newIntegerResource(0, epoch));
        b.put(at, new LwM2mPath(HEADER, 0, 1), LwM2mSingleResource.newIntegerResource(1, first));
        b.put(at, new LwM2mPath(HEADER, 0, 2), LwM2mSingleResource.newIntegerResource(2, last));
        b.put(at, new LwM2mPath(HEADER, 0, 3), LwM2mSingleResource.newBinaryResource(3, order.toByteArray()));
        if (unsynchronised.size() > 0) {
            b.put(at, new LwM2mPath(HEADER, 0, 4), LwM2mSingleResource.newBinaryResource(4, unsynchronised.toByteArray()));
        }
        return b.build();
    }

    /** The value with the type of the resource that shows it (presence is a boolean, the counter an integer). */
    private static LwM2mSingleResource resource(int resourceId, StoredReading r) {
        if (r.quantity() == Quantity.PRESENCE) {
            return LwM2mSingleResource.newBooleanResource(resourceId, r.value() >= 0.5);
        }
        if (r.quantity() == Quantity.PRESENCE_COUNT) {
            return LwM2mSingleResource.newIntegerResource(resourceId, Math.round(r.value()));
        }
        return LwM2mSingleResource.newFloatResource(resourceId, r.value());
    }

    /** Unsigned LEB128. */
    static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
