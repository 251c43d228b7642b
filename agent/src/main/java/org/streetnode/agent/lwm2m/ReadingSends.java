package org.streetnode.agent.lwm2m;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.ContentFormat;
import org.streetnode.agent.lwm2m.codec.CompactSendEncoder;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;
import org.streetnode.agent.lwm2m.model.StreetnodeModels;
import org.streetnode.agent.lwm2m.object.FaultEventObject;
import org.streetnode.agent.store.StoredFaultEvent;
import org.streetnode.agent.store.StoredReading;
import org.streetnode.agent.store.StoredRecord;
import org.streetnode.agent.store.TimeQuality;
import org.streetnode.drivers.Quantity;

/**
 * Turns buffered readings into LwM2M Send payloads: each reading under the resource that shows
 * its sensor's quantity, at its own timestamp, plus one {@link StreetnodeObjects#READING_SEQUENCE}
 * header per payload that gives every reading its (epoch, sequence number). A fault event of the
 * fault history goes as {@link StreetnodeObjects#FAULT_EVENT} resources at its time: Raised (0)
 * as its reading, which the header numbers, and its details (1-4), which it does not.
 *
 * <p>A payload holds a run of readings in seq order in which each resource's readings are in time
 * order too (so the header can say which resource each seq belongs to in half a byte); a reading
 * that breaks this (two at one instant, or a clock that went back) starts the next payload, as
 * does a gap of more than {@value #MAX_GAP} seqs.
 */
public final class ReadingSends {
    private static final int HEADER = StreetnodeObjects.READING_SEQUENCE.id();
    private static final CompactSendEncoder ENCODER = new CompactSendEncoder();
    /** Sequence order entries that mean "no reading of this Send has this number". */
    static final int NIBBLE_ABSENT = 0xF;
    static final int BYTE_ABSENT = 0xFF;
    /** A Send names at most this many resources, so every index fits a byte beside "absent". */
    static final int MAX_RESOURCES = BYTE_ABSENT;
    /** A gap in the seqs costs an order entry per missing number: a wider one starts a new Send. */
    static final long MAX_GAP = 64;
    private static final StaticModel MODEL = new StaticModel(StreetnodeModels.models());

    private ReadingSends() {
    }

    /** A reading whose sensor no longer has a resource (the board profile changed since it was taken). */
    public static final class UnknownSensorException extends Exception {
        UnknownSensorException(String message) {
            super(message);
        }
    }

    private record Named(StoredRecord reading, LwM2mPath path) {
    }

    /**
     * @param maxBytes the largest SenML-CBOR payload one Send may carry: servers cap request
     *     bodies (Leshan's default is 8 KB), so a batch is split into Sends that each fit
     */
    public static List<TimestampedLwM2mNodes> payloads(long epoch, List<? extends StoredRecord> readings,
            ReadingPaths paths, int maxBytes) throws UnknownSensorException {
        List<Named> named = new ArrayList<>();
        for (StoredRecord r : readings) {
            named.add(new Named(r, path(r, paths)));
        }
        named.sort(Comparator.comparingLong(n -> n.reading().seq()));

        List<List<Named>> groups = new ArrayList<>();
        List<Named> current = new ArrayList<>();
        Map<LwM2mPath, Instant> latest = new HashMap<>();
        for (Named n : named) {
            Instant previous = latest.get(n.path());
            boolean fits = current.isEmpty()
                    // the header orders a resource's readings by time: they must be in seq order
                    || (previous == null ? latest.size() < MAX_RESOURCES : n.reading().timestamp().isAfter(previous))
                    && n.reading().seq() - current.get(current.size() - 1).reading().seq() <= MAX_GAP;
            if (!fits) {
                groups.add(current);
                current = new ArrayList<>();
                latest.clear();
            }
            current.add(n);
            latest.put(n.path(), n.reading().timestamp());
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

    /** Adds the group as payloads that each fit in {@code maxBytes}: the longest prefix that fits, then the rest. */
    private static void fit(long epoch, List<Named> group, int maxBytes, List<TimestampedLwM2mNodes> out) {
        List<Named> rest = group;
        while (true) {
            TimestampedLwM2mNodes all = payload(epoch, rest);
            if (encodedSize(all) <= maxBytes || rest.size() == 1) {
                out.add(all); // a single reading goes alone even if it is too large: the server will say
                return;
            }
            int lo = 1;
            int hi = rest.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (encodedSize(payload(epoch, rest.subList(0, mid))) <= maxBytes) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            out.add(payload(epoch, rest.subList(0, lo)));
            rest = rest.subList(lo, rest.size());
        }
    }

    private static LwM2mPath path(StoredRecord record, ReadingPaths paths) throws UnknownSensorException {
        return switch (record) {
            case StoredFaultEvent f -> FaultEventObject.RAISED;
            case StoredReading r -> paths.path(r.sensorId(), r.quantity()).orElseThrow(() -> new UnknownSensorException(
                    "no LwM2M resource shows " + r.quantity() + " of sensor " + r.sensorId()
                            + " (it is not in the board profile any more)"));
        };
    }

    /** The size of the payload as the client encodes it for the Send. */
    public static int encodedSize(TimestampedLwM2mNodes payload) {
        return ENCODER.encodeTimestampedNodes(payload, ContentFormat.SENML_CBOR, MODEL).length;
    }

    /** {@code group} is in seq order, and each resource's readings in it are in time order. */
    private static TimestampedLwM2mNodes payload(long epoch, List<Named> group) {
        long first = group.get(0).reading().seq();
        long last = group.get(group.size() - 1).reading().seq();
        List<LwM2mPath> resources = group.stream().map(Named::path).distinct().sorted().toList();
        boolean nibbles = resources.size() <= NIBBLE_ABSENT;
        int absent = nibbles ? NIBBLE_ABSENT : BYTE_ABSENT;
        int[] order = new int[Math.toIntExact(last - first + 1)];
        Arrays.fill(order, absent);
        ByteArrayOutputStream unsynchronised = new ByteArrayOutputStream();
        TimestampedLwM2mNodes.Builder b = TimestampedLwM2mNodes.builder();
        for (Named n : group) {
            StoredRecord r = n.reading();
            switch (r) {
                case StoredReading reading -> b.put(r.timestamp(), n.path(), resource(n.path().getResourceId(), reading));
                case StoredFaultEvent f -> {
                    b.put(r.timestamp(), n.path(), LwM2mSingleResource.newBooleanResource(n.path().getResourceId(),
                            f.raised()));
                    for (LwM2mSingleResource detail : FaultEventObject.details(f.source(), f.kind(), f.message())) {
                        b.put(r.timestamp(), new LwM2mPath(n.path().getObjectId(), n.path().getObjectInstanceId(),
                                detail.getId()), detail);
                    }
                }
            }
            order[(int) (r.seq() - first)] = Collections.binarySearch(resources, n.path());
            if (r.timeQuality() == TimeQuality.UNSYNCHRONISED) {
                varint(unsynchronised, r.seq() - first);
            }
        }
        Instant at = group.get(0).reading().timestamp();
        b.put(at, new LwM2mPath(HEADER, 0, 0), LwM2mSingleResource.newIntegerResource(0, epoch));
        b.put(at, new LwM2mPath(HEADER, 0, 1), LwM2mSingleResource.newIntegerResource(1, first));
        b.put(at, new LwM2mPath(HEADER, 0, 2), LwM2mSingleResource.newIntegerResource(2, last));
        b.put(at, new LwM2mPath(HEADER, 0, 3), LwM2mSingleResource.newBinaryResource(3, pack(order, nibbles)));
        if (unsynchronised.size() > 0) {
            b.put(at, new LwM2mPath(HEADER, 0, 4), LwM2mSingleResource.newBinaryResource(4, unsynchronised.toByteArray()));
        }
        return b.build();
    }

    /** Two entries a byte, the first in the high nibble, padded with "absent"; or one a byte. */
    private static byte[] pack(int[] order, boolean nibbles) {
        if (!nibbles) {
            byte[] out = new byte[order.length];
            for (int i = 0; i < order.length; i++) {
                out[i] = (byte) order[i];
            }
            return out;
        }
        byte[] out = new byte[(order.length + 1) / 2];
        for (int i = 0; i < out.length; i++) {
            int low = 2 * i + 1 < order.length ? order[2 * i + 1] : NIBBLE_ABSENT;
            out[i] = (byte) (order[2 * i] << 4 | low);
        }
        return out;
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
