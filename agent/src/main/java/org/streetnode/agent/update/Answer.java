package org.streetnode.agent.update;

/** How the node answers a request about an update (a write, a block, Update). */
public sealed interface Answer {
    /** Why it was not done, in words; empty when it was. */
    String reason();

    /** Done (a download started, a block stored, a cancel carried out, an install requested). */
    record Done() implements Answer {
        @Override
        public String reason() {
            return "";
        }
    }

    /** The state machine does not allow it now (a new package while one is downloaded; Update while idle). */
    record NotNow(String reason) implements Answer {
    }

    /** A pushed block that does not follow the blocks before it. */
    record OutOfSequence(String reason) implements Answer {
    }

    /** There is no room for the package; the Update Result says so too. */
    record NoRoom(String reason) implements Answer {
    }

    /** The package was refused from what arrived so far; the Update Result says why. */
    record Refused(String reason) implements Answer {
    }

    /** The node could not do it (its storage failed). */
    record Failed(String reason) implements Answer {
    }

    Answer DONE = new Done();
}
