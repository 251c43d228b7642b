package org.streetnode.agent.lwm2m.model;

import static org.eclipse.leshan.core.model.ResourceModel.Operations.R;
import static org.eclipse.leshan.core.model.ResourceModel.Type.INTEGER;
import static org.eclipse.leshan.core.model.ResourceModel.Type.OPAQUE;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.of;

/**
 * streetnode's own object for buffered delivery, in the private range (32769-42768: no
 * registration with OMA needed). It is never served as an instance: it only travels in LwM2M
 * Send payloads, once per batch, at the batch's first timestamp, so the platform can give every
 * reading its identity and drop duplicates or see gaps.
 *
 * <p>33100 Reading Sequence v1.0, single: 0 Epoch (int: changes when the node's buffer was
 * replaced and sequence numbers restarted), 1 First sequence (int), 2 Last sequence (int),
 * 3 Sequence order (opaque: for each reading of the payload in SenML record order — timestamp,
 * then path — its sequence number minus First sequence, as an unsigned LEB128 varint).
 * 4 Unsynchronised (opaque: the same offsets, for the readings whose timestamp could not be
 * trusted: taken before the node's clock was synchronised and not corrected since; absent when
 * there are none). Numbers between First and Last that no reading carries were dropped by the
 * node (counted in its buffer metrics) and will never come.
 */
public final class DeliveryObjects {
    private DeliveryObjects() {
    }

    public static final ObjectSpec READING_SEQUENCE = ObjectSpec.of(33100, "streetnode Reading Sequence", "1.0", "1.1",
            false, false,
            of(0, "Epoch", R, INTEGER).required(),
            of(1, "First sequence", R, INTEGER).required(),
            of(2, "Last sequence", R, INTEGER).required(),
            of(3, "Sequence order", R, OPAQUE).required(),
            of(4, "Unsynchronised", R, OPAQUE));
}
