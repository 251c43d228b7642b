package org.streetnode.agent.update;

import java.util.Optional;

/**
 * The update state the node keeps across restarts and reports.
 *
 * @param phase where the update stands
 * @param result what the last download or update came to
 * @param source where the package being downloaded comes from (only while downloading)
 * @param downloaded the verified package's manifest (while downloaded or updating)
 * @param reason why the last result is what it is, in words (empty when there is nothing to say)
 */
public record UpdateStatus(UpdatePhase phase, UpdateResult result, Optional<PackageSource> source,
        Optional<Manifest> downloaded, String reason) {
    public static final UpdateStatus INITIAL = new UpdateStatus(UpdatePhase.IDLE, UpdateResult.INITIAL, Optional.empty(),
            Optional.empty(), "");

    public boolean pushing() {
        return phase == UpdatePhase.DOWNLOADING && source.filter(PackageSource.Push.class::isInstance).isPresent();
    }
}
