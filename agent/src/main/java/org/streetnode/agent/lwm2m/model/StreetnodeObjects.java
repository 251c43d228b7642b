package org.streetnode.agent.lwm2m.model;

import static org.eclipse.leshan.core.model.ResourceModel.Operations.R;
import static org.eclipse.leshan.core.model.ResourceModel.Operations.RW;
import static org.eclipse.leshan.core.model.ResourceModel.Type.BOOLEAN;
import static org.eclipse.leshan.core.model.ResourceModel.Type.FLOAT;
import static org.eclipse.leshan.core.model.ResourceModel.Type.INTEGER;
import static org.eclipse.leshan.core.model.ResourceModel.Type.OPAQUE;
import static org.eclipse.leshan.core.model.ResourceModel.Type.STRING;
import static org.eclipse.leshan.core.model.ResourceModel.Type.TIME;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.executable;
import static org.streetnode.agent.lwm2m.model.ResourceSpec.of;

/**
 * streetnode's own objects, in the private range 32769-42768 (no registration with OMA needed),
 * for what the registry's objects do not cover: the identity of buffered readings, the lighting
 * program, the lighting report, and the fault history.
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
     * 33102 Lighting Report v1.0, single: why the lamp is at its level and what the node's
     * adaptive lighting saved, for the city's reports (the shell's {@code lamp} view, for the
     * platform). The standard resources come first where they exist (3311 5852 On time, 5805
     * Cumulative active power; 3416 15 hours, 18 switches; 3418 6 energy); this object has what
     * no registry object does. The descriptions below are what its DDF file says.
     */
    public static final ObjectSpec LIGHTING_REPORT = ObjectSpec.of(33102, "streetnode Lighting Report", "1.0", "1.1",
            false, false,
            of(0, "Reason", R, STRING).required().described("Why the lamp is at its level, as the node's log and"
                    + " maintenance shell say it: \"program (23:00 40)\", \"photocell (dark)\", \"presence\", \"override by"
                    + " platform (server 1)\", \"override by maintenance (uid 1000 alice)\", \"lit to be safe (...)\"."),
            of(1, "Reason Kind", R, INTEGER).required().range(0, 5).described("The kind of the reason: 0 the program"
                    + " (its step in force), 1 the photocell, 2 the presence boost, 3 a platform override, 4 a maintenance"
                    + " override, 5 lit to be safe (neither a synchronised clock nor a light reading)."),
            of(2, "Override By", R, STRING).described("Who set the override that decides the level now (a server,"
                    + " a crew member's uid and name); empty when no override decides."),
            of(3, "Override End", R, TIME).described("When the override that decides the level now ends; 0 when it"
                    + " lasts until cancelled, or when no override decides."),
            of(4, "Energy Saved", R, FLOAT).units("Wh").described("Energy saved since energy counting began (resource"
                    + " 5), against burning the same hours at full power (resource 9): full power times the hours lit,"
                    + " minus the energy the lamp used. Present once the full-power draw is known."),
            of(5, "Counting Since", R, TIME).described("When energy counting began (the node's first start with a"
                    + " meter, or the last Energy reset of 3418/7)."),
            of(6, "Last Night Energy Saved", R, FLOAT).units("Wh").described("Energy saved in the last night (resource"
                    + " 7), computed as resource 4 is. A night runs from noon to noon in the node's zone; the last night"
                    + " is tonight's once the lamp has gone off, else the night before."),
            of(7, "Last Night", R, STRING).described("The date the last night began on (YYYY-MM-DD, in the node's"
                    + " zone)."),
            of(8, "Last Night Lit Hours", R, FLOAT).units("h").described("How long the lamp was lit in the last"
                    + " night."),
            of(9, "Full Power", R, FLOAT).units("W").described("The lamp's draw at 100 %, the baseline of the"
                    + " savings: configured, else learnt from the meter once the lamp ran at 100 %."))
            .described("streetnode's lighting report: why the lamp is at its level now (program step, photocell, presence"
                    + " boost, override and by whom) and the energy its adaptive lighting saved, since counting began and"
                    + " in the last night. Readable and observable; every change of reason notifies.");

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
                    + " by path (not counted: this header, and the details of fault events, every 33103 resource but 0)."
                    + " Half a byte each, high nibble first, while the Send has at"
                    + " most 15 such resources, else a byte each; the largest value (15 or 255) means no reading of this"
                    + " Send has that number. A resource's readings take their numbers in time order."),
            of(4, "Unsynchronised", R, OPAQUE).described("The sequence numbers minus First, as unsigned LEB128"
                    + " varints, of readings whose timestamp could not be trusted: taken before the node's clock was"
                    + " synchronised and not corrected since. Absent when there are none."))
            .described("The header of every LwM2M Send of buffered readings, at the batch's first timestamp. Numbers"
                    + " between First and Last that this Send does not carry were either sent ahead in a Send of fault"
                    + " events (33103) or dropped by the node (counted in its buffer metrics) and will never come; a"
                    + " reading whose (Epoch, number) was seen before is a duplicate of an"
                    + " earlier Send whose acknowledgement was lost. Read directly, the object tells where the node's"
                    + " buffer stands.");

    /**
     * 33103 Fault Event v1.0, single: one entry of the node's fault history, a fault raised or
     * cleared. Every fault the node raises and clears is kept in its buffer as such an entry and
     * sent by LwM2M Send, ahead of any backlog, as resources 0-4 of instance 0 at the time of the
     * event, with the {@link #READING_SEQUENCE} header giving it its (epoch, sequence number): its
     * resource 0 counts as the reading, 1-4 are its details. Read (or observed) directly, it shows
     * the latest event of the running agent. The descriptions below are what its DDF file says.
     */
    public static final ObjectSpec FAULT_EVENT = ObjectSpec.of(33103, "streetnode Fault Event", "1.0", "1.1",
            false, false,
            of(0, "Raised", R, BOOLEAN).described("true: the fault was raised; false: it cleared. In a Send, this"
                    + " resource carries the event's sequence number (see 33100) and its time is the event's time: when"
                    + " the fault was raised, or when it cleared."),
            of(1, "Source", R, STRING).described("Which part and which fault, the same for a fault's raised and cleared"
                    + " events: lamp:failure, lamp:day-burner, lamp:cycling, lamp:supply (the lamp monitor), lamp:control"
                    + " (the lamp's outputs cannot be driven), sensor:ID (a sensor failed), store:quarantined (the"
                    + " buffer was damaged and replaced; cleared by Reset Error Code), store:unwritable (disk full or"
                    + " read-only), stall:lighting, stall:sampling (a loop of the agent stopped progressing)."),
            of(2, "Kind", R, STRING).described("The class of the fault: lamp, peripheral, store, stall, connectivity"
                    + " or out-of-memory."),
            of(3, "Error Code", R, INTEGER).range(0, 32).described("The Device object's error code (/3/0/11) the fault"
                    + " raises while it lasts: 8 peripheral malfunction, 16 buffer, 17 lamp, 18 stall."),
            of(4, "Message", R, STRING).described("What was wrong, for people, at most 200 characters, as the node's"
                    + " log says it; never personal data or secrets."),
            of(5, "Time", R, TIME).described("When the event shown by a Read happened. Not in Sends, whose records"
                    + " carry the time."))
            .described("streetnode's fault history: a fault raised or cleared (lamp failure, day burner, cycling, supply"
                    + " loss, lamp outputs that cannot be driven, a sensor failed, the buffer quarantined or unwritable, a"
                    + " loop of the agent stalled). Each event reaches the platform by LwM2M Send as resources 0-4 of"
                    + " instance 0 at the event's time, with the Reading Sequence header (33100) giving it its identity;"
                    + " resource 0 counts as its reading there. Read or observed, it shows the latest event of the"
                    + " running agent.");
}
