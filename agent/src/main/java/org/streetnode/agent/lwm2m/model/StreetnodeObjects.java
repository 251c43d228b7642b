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
     * (3452-3454) for this node; the descriptions below are what its DDF file says.
     */
    public static final ObjectSpec LIGHTING_PROGRAM = ObjectSpec.of(33101, "streetnode Lighting Program", "1.0", "1.1",
            false, false,
            of(0, "Program", RW, STRING).required().described("The lamp's dimming program as text: steps separated by"
                    + " commas, each a time and a level, e.g. \"dusk+10m 100, 23:00 40, 05:30 100, dawn-10m off\". Times"
                    + " are HH:MM in the node's zone, or dusk, dawn, civil-dusk, civil-dawn with an optional offset"
                    + " (+10m, -1h); levels 0-100 or off. The first step switches the lamp on, the last switches it off."
                    + " A program that is not valid is refused with 4.00 and the reason; the program in force stays."),
            of(1, "Set by", R, STRING).described("Who set the program in force: \"config\", or who wrote it."),
            of(2, "Tonight", R, STRING).described("The program resolved for this night: each step's time in the"
                    + " node's zone."),
            executable(3, "Restore configured program").described("Goes back to the program of the node's"
                    + " configuration."))
            .described("streetnode's lighting program: the dimming schedule the lamp follows every night with no"
                    + " platform at all (the equivalent of uCIFI's scheduling objects 3452-3454 for this node).");

    /**
     * 33100 Reading Sequence v1.0, single: the header of every LwM2M Send of buffered readings, at
     * the batch's first timestamp, so the platform can give every reading its identity and drop
     * duplicates or see gaps. The descriptions below are what its DDF file says; the README's
     * buffer section has a worked example.
     */
    public static final ObjectSpec READING_SEQUENCE = ObjectSpec.of(33100, "streetnode Reading Sequence", "1.0", "1.1",
            false, false,
            of(0, "Epoch", R, INTEGER).required().described("Changes only when the node's buffer was damaged and"
                    + " replaced, and sequence numbers started again: (epoch, sequence number) identifies a reading."),
            of(1, "First sequence", R, INTEGER).required().described("The sequence number of the first reading this"
                    + " Send accounts for."),
            of(2, "Last sequence", R, INTEGER).required().described("The sequence number of the last reading this Send"
                    + " accounts for."),
            of(3, "Sequence order", R, OPAQUE).required().described("For each sequence number from First to Last, which"
                    + " resource of this Send its reading belongs to: an index into the Send's reading resources sorted"
                    + " by path (this header not counted). Half a byte each, high nibble first, while the Send has at"
                    + " most 15 such resources, else a byte each; the largest value (15 or 255) means no reading of this"
                    + " Send has that number. A resource's readings take their numbers in time order."),
            of(4, "Unsynchronised", R, OPAQUE).described("The sequence numbers minus First, as unsigned LEB128"
                    + " varints, of readings whose timestamp could not be trusted: taken before the node's clock was"
                    + " synchronised and not corrected since. Absent when there are none."))
            .described("The header of every LwM2M Send of buffered readings, at the batch's first timestamp. Numbers"
                    + " between First and Last that no reading carries were dropped by the node (counted in its buffer"
                    + " metrics) and will never come; a reading whose (Epoch, number) was seen before is a duplicate of an"
                    + " earlier Send whose acknowledgement was lost. Read directly, the object tells where the node's"
                    + " buffer stands.");
}
