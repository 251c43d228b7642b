package org.streetnode.agent.shell;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streetnode.agent.health.Fault;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;

/**
 * {@code status}: the node at a glance.
 *
 * @param clockSynchronised whether the clock is synchronised (NTP; a Pi has no RTC); empty when the agent does not say
 * @param lamp the lamp, when lighting is in this build
 * @param sensors the sampling view, when sampling is in this build
 * @param buffer the store's figures, when the store is in this build
 * @param loops each loop's progress so far (lighting, sampling; its rounds and its time asleep towards the next, see
 *     {@code Wakeup#progress}): a count that moved between two looks shows it runs
 * @param notInThisBuild the areas this build cannot show yet
 */
public record StatusView(String version, String endpoint, Board board, Instant startedAt, long uptimeSeconds, Instant now,
        Optional<Boolean> clockSynchronised, RegistrationStatus registration, List<Fault> faults,
        Optional<LampControl.LampStatus> lamp, Optional<Object> sensors, Optional<Object> buffer,
        Map<String, Long> loops, List<String> notInThisBuild) {

    /** @param profile where the board profile was read from */
    public record Board(String kind, String profile, String manufacturer, String model, String serial) {
    }
}
