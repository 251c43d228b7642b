package org.streetnode.agent.shell;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.streetnode.agent.lighting.LampControl;
import org.streetnode.agent.lwm2m.engine.RegistrationStatus;

/**
 * One frame of {@code top}, sent every second.
 *
 * @param lamp the lamp, when lighting is in this build
 * @param lampPower the lamp supply's power series, when the board has a lamp power sensor that reports
 * @param sensors every sensor series with readings, sparkline points included
 * @param waiting configured sensors with no reading yet ("sampling not in this build" when {@code sampling} is false)
 * @param sampling whether readings reach the shell in this build
 */
public record TopFrame(Instant time, String endpoint, long uptimeSeconds, RegistrationStatus.State registration,
        int faults, Optional<LampControl.LampStatus> lamp, Optional<Trends.Series> lampPower, List<Trends.Series> sensors,
        List<String> waiting, boolean sampling, int bucketSeconds, List<String> notInThisBuild) {
}
