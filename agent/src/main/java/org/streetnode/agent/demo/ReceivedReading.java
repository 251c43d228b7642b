package org.streetnode.agent.demo;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;

/**
 * A reading as the platform receives it by LwM2M Send, with its identity: how a platform reads
 * the {@link StreetnodeObjects#READING_SEQUENCE} header of a streetnode Send. The demo and the
 * tests use it as the platform would.
 *
 * @param epoch the node's buffer epoch
 * @param seq the reading's sequence number in that epoch
 * @param path the resource it belongs to ({@code /3303/0/5700}; {@code /33103/0/0} for a fault
 *     event, whose details {@link ReceivedFaultEvent} reads)
 * @param timestamp when it was taken
 * @param value its value (a Double, Long or Boolean, by the resource's type)
 * @param unsynchronised whether its timestamp was taken before the node's clock was synchronised
 */
public record ReceivedReading(long epoch, long seq, LwM2mPath path, Instant timestamp, Object value,
        boolean unsynchronised) {

    private static final int HEADER = StreetnodeObjects.READING_SEQUENCE.id();
    private static final int FAULT_EVENT = StreetnodeObjects.FAULT_EVENT.id();

    /** Decodes one Send; throws {@link IllegalArgumentException} if its header is missing or does not fit. */
    public static List<ReceivedReading> decode(TimestampedLwM2mNodes data) {
        record Record(Instant at, Object value) {
        }
        Map<LwM2mPath, Deque<Record>> byResource = new TreeMap<>();
        Long epoch = null;
        Long first = null;
        Long last = null;
        byte[] order = null;
        byte[] unsynchronised = new byte[0];
        for (Instant at : new TreeSet<>(data.getTimestamps())) {
            for (Map.Entry<LwM2mPath, LwM2mNode> e : data.getNodesAt(at).entrySet()) {
                Object v = ((LwM2mSingleResource) e.getValue()).getValue();
                LwM2mPath p = e.getKey();
                if (p.getObjectId() == HEADER) {
                    switch (p.getResourceId()) {
                        case 0 -> epoch = (Long) v;
                        case 1 -> first = (Long) v;
                        case 2 -> last = (Long) v;
                        case 3 -> order = (byte[]) v;
                        case 4 -> unsynchronised = (byte[]) v;
                        default -> {
                        }
                    }
                } else if (p.getObjectId() != FAULT_EVENT || p.getResourceId() == 0) {
                    // a fault event's details (33103 but 0) belong to its Raised at the same time
                    byResource.computeIfAbsent(p, k -> new ArrayDeque<>()).add(new Record(at, v));
                }
            }
        }
        if (epoch == null || first == null || last == null || order == null) {
            throw new IllegalArgumentException("a streetnode Send without its /33100/0 header");
        }
        List<LwM2mPath> resources = List.copyOf(byResource.keySet());
        boolean nibbles = resources.size() <= 15;
        long count = last - first + 1;
        if (count < 1 || (nibbles ? (count + 1) / 2 : count) != order.length) {
            throw new IllegalArgumentException("the header's sequence order (" + order.length
                    + " bytes) does not cover sequence numbers " + first + " to " + last);
        }
        Set<Long> unsynced = Set.copyOf(varints(unsynchronised));
        List<ReceivedReading> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = nibbles ? (order[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF : order[i] & 0xFF;
            if (index == (nibbles ? 0xF : 0xFF)) {
                continue; // no reading of this Send has this number
            }
            Deque<Record> records = index < resources.size() ? byResource.get(resources.get(index)) : null;
            if (records == null || records.isEmpty()) {
                throw new IllegalArgumentException("the header gives sequence number " + (first + i)
                        + " to resource index " + index + ", which has no reading left in the Send");
            }
            Record r = records.poll();
            out.add(new ReceivedReading(epoch, first + i, resources.get(index), r.at(), r.value(),
                    unsynced.contains((long) i)));
        }
        int left = byResource.values().stream().mapToInt(Deque::size).sum();
        if (left > 0) {
            throw new IllegalArgumentException(left + " readings of the Send have no sequence number in its header");
        }
        return out;
    }

    private static List<Long> varints(byte[] bytes) {
        List<Long> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = in.get();
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            out.add(v);
        }
        return out;
    }
}
