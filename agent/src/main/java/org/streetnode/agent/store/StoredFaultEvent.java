package org.streetnode.agent.store;

import java.time.Instant;
import java.util.Objects;
import org.streetnode.agent.health.Fault;

/**
 * A fault raised or cleared, as the store keeps it: an alarm record of the node's fault history.
 * Always of {@link Priority#ALARM}: committed at once, dropped last, sent ahead of any backlog.
 *
 * @param seq its sequence number within the store's epoch
 * @param source who raised the fault ({@code "lamp:failure"}, {@code "sensor:air"})
 * @param kind the class of fault, which gives its LwM2M Device error code
 * @param message what was wrong, for people (at most {@value #MAX_MESSAGE} characters)
 * @param raised whether the fault was raised (true) or cleared (false)
 * @param timestamp when it was raised or cleared
 * @param timeQuality how far the timestamp can be trusted
 */
public record StoredFaultEvent(long seq, String source, Fault.Kind kind, String message, boolean raised,
        Instant timestamp, TimeQuality timeQuality) implements StoredRecord {
    /** The longest message kept: a fault says what is wrong in a line, and a Send has room for a few. */
    public static final int MAX_MESSAGE = 200;

    public StoredFaultEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timeQuality, "timeQuality");
    }

    /** {@code message} as kept: cut to {@value #MAX_MESSAGE} characters, the last of them an ellipsis. */
    public static String shortened(String message) {
        if (message.codePointCount(0, message.length()) <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, message.offsetByCodePoints(0, MAX_MESSAGE - 1)) + "…";
    }

    @Override
    public Priority priority() {
        return Priority.ALARM;
    }
}
