package org.streetnode.drivers.pir;

import java.time.Instant;

/** Told when presence starts: someone arrived while nobody was present. Must return quickly. */
@FunctionalInterface
public interface PresenceListener {

    void presenceStarted(Instant at);
}
