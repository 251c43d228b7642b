package org.streetnode.agent.lwm2m.model;

import static org.eclipse.leshan.core.model.ResourceModel.Operations.R;
import static org.eclipse.leshan.core.model.ResourceModel.Operations.RW;
import static org.eclipse.leshan.core.model.ResourceModel.Type.INTEGER;
import static org.eclipse.leshan.core.model.ResourceModel.Type.OPAQUE;
import static org.eclipse.leshan.core.model.ResourceModel.Type.STRING;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.executable;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.of;

/**
 * streetnode's own objects, in the private range 32769-42768 (no registration with OMA needed),
 * for what the registry's objects do not cover: the identity of buffered readings, and the
 * lighting program.
 */
public final class StreetnodeObjects {
    private StreetnodeObjects() {
    }

    /**
     * 33101 Lighting Program v1.0, single: the documented equivalent of uCIFI's scheduling objects
     * (3452-3454) for this node. 0 Program (RW string: the program in the text form of the
     * README's lighting section, e.g. {@code "dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off"};
     * a bad one is refused with 4.00 and the old one stays), 1 Set by (R string: "config", or who
     * wrote it), 2 Tonight (R string: the program resolved for this night, times in the node's
     * zone), 3 Restore configured program (E).
     */
    public static final ObjectSpec LIGHTING_PROGRAM = ObjectSpec.of(33101, "streetnode Lighting Program", "1.0", "1.1",
            false, false,
            of(0, "Program", RW, STRING).required(),
            of(1, "Set by", R, STRING),
            of(2, "Tonight", R, STRING),
            executable(3, "Restore configured program"));

    /**
     * 33100 Reading Sequence v1.0, single: the header of every LwM2M Send of buffered readings,
     * at the batch's first timestamp, so the platform can give every reading its identity and
     * drop duplicates or see gaps. 0 Epoch (int: changes when the node's buffer was replaced and
     * sequence numbers restarted), 1 First sequence (int), 2 Last sequence (int), 3 Sequence
     * order (opaque: for each number from First to Last, which resource of the Send its reading
     * belongs to, as an index into the Send's reading resources sorted by path; half a byte each,
     * high nibble first, when the Send has at most 15 such resources, else a byte each; the
     * largest value, 15 or 255, means no reading of this Send has that number. A resource's
     * readings take their numbers in time order), 4 Unsynchronised (opaque: the sequence numbers
     * minus First, as unsigned LEB128 varints, of readings whose timestamp could not be trusted:
     * taken before the node's clock was synchronised and not corrected since; absent when there
     * are none). Numbers
     * between First and Last that no reading carries were dropped by the node (counted in its
     * buffer metrics) and will never come. Read directly (the server accepts Send paths only of
     * instances the node serves), it tells where the buffer stands.
     */
    public static final ObjectSpec READING_SEQUENCE = ObjectSpec.of(33100, "streetnode Reading Sequence", "1.0", "1.1",
            false, false,
            of(0, "Epoch", R, INTEGER).required(),
            of(1, "First sequence", R, INTEGER).required(),
            of(2, "Last sequence", R, INTEGER).required(),
            of(3, "Sequence order", R, OPAQUE).required(),
            of(4, "Unsynchronised", R, OPAQUE));
}
