package org.streetnode.agent.delivery;

import java.util.Objects;

/** What became of one Send of a batch. */
public sealed interface SendOutcome {
    /** The server acknowledged the batch (2.04 Changed): its readings may be deleted. */
    record Acknowledged() implements SendOutcome {}

    /** The server refused the batch as malformed (4.xx): resending it would fail the same way. */
    record Rejected(String reason) implements SendOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No answer, a timeout, 5.xx or a transport error: send it again later. */
    record Failed(String reason) implements SendOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static SendOutcome acknowledged() {
        return new Acknowledged();
    }
}
