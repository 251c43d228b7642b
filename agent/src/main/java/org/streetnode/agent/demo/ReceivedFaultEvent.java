package org.streetnode.agent.demo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.streetnode.agent.lwm2m.model.StreetnodeObjects;

/**
 * An entry of a node's fault history as the platform receives it by LwM2M Send: how a platform
 * reads {@link StreetnodeObjects#FAULT_EVENT} records. Its identity comes from the Send's
 * Reading Sequence header like a reading's ({@link ReceivedReading}); its details are the 33103
 * resources at the same time.
 *
 * @param epoch the node's buffer epoch
 * @param seq its sequence number in that epoch
 * @param timestamp when the fault was raised or cleared
 * @param raised whether it was raised (true) or cleared (false)
 * @param source which part and fault ({@code lamp:failure})
 * @param kind the class of fault ({@code lamp})
 * @param errorCode the Device error code it raises
 * @param message what was wrong
 * @param unsynchronised whether its time was taken before the node's clock was synchronised
 */
public record ReceivedFaultEvent(long epoch, long seq, Instant timestamp, boolean raised, String source, String kind,
        long errorCode, String message, boolean unsynchronised) {

    private static final int OBJECT = StreetnodeObjects.FAULT_EVENT.id();

    /** The fault events of one Send; throws {@link IllegalArgumentException} if it does not decode. */
    public static List<ReceivedFaultEvent> decode(TimestampedLwM2mNodes data) {
        return ReceivedReading.decode(data).stream()
                .filter(r -> r.path().getObjectId() == OBJECT)
                .map(r -> of(r, data.getNodesAt(r.timestamp())))
                .toList();
    }

    private static ReceivedFaultEvent of(ReceivedReading raised, Map<LwM2mPath, LwM2mNode> atItsTime) {
        return new ReceivedFaultEvent(raised.epoch(), raised.seq(), raised.timestamp(), (Boolean) raised.value(),
                (String) detail(atItsTime, 1), (String) detail(atItsTime, 2), (Long) detail(atItsTime, 3),
                (String) detail(atItsTime, 4), raised.unsynchronised());
    }

    private static Object detail(Map<LwM2mPath, LwM2mNode> atItsTime, int resourceId) {
        LwM2mNode node = atItsTime.get(new LwM2mPath(OBJECT, 0, resourceId));
        if (!(node instanceof LwM2mSingleResource r)) {
            throw new IllegalArgumentException("a fault event without its /" + OBJECT + "/0/" + resourceId);
        }
        return r.getValue();
    }
}
