package org.streetnode.agent.lighting;

import java.util.Objects;

/**
 * The level the lamp should go to and why.
 *
 * @param level 0-100 %
 * @param reason the rule that decided
 * @param night whether it is night by the program or the photocell (presence boosts only then)
 */
public record Decision(double level, Reason reason, boolean night) {
    public Decision {
        Objects.requireNonNull(reason, "reason");
        if (!(level >= 0 && level <= 100)) {
            throw new IllegalArgumentException("level " + level + " is outside 0-100 %");
        }
    }
}
