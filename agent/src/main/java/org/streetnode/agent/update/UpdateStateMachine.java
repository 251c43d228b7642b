package org.streetnode.agent.update;

import java.util.Optional;
import java.util.Set;

/**
 * The LwM2M 1.1 Firmware Update state machine (Core TS 1.1, E.6.1 and the object's State
 * resource), as pure transitions. Allowed, and nothing else:
 *
 * <pre>
 * IDLE         push started, pull started   -&gt; DOWNLOADING  result 0
 * IDLE         URI refused (7, 9)           -&gt; IDLE         that result
 * IDLE         cancelled                    -&gt; IDLE         result 0
 * DOWNLOADING  push started (while pushing) -&gt; DOWNLOADING  result 0   (a restarted push: block 0 again)
 * DOWNLOADING  download completed           -&gt; DOWNLOADED   result 0
 * DOWNLOADING  download failed (2-7, 9)     -&gt; IDLE         that result
 * DOWNLOADING  cancelled                    -&gt; IDLE         result 0
 * DOWNLOADED   update requested             -&gt; UPDATING     result 0
 * DOWNLOADED   cancelled                    -&gt; IDLE         result 0
 * DOWNLOADED   package spoiled              -&gt; IDLE         result 5   (the node's own: the spooled package no longer verifies)
 * UPDATING     update succeeded             -&gt; IDLE         result 1
 * UPDATING     update failed                -&gt; DOWNLOADED   result 8
 * </pre>
 *
 * Forbidden, among others: a new package or URI while downloading (but for a restarted push),
 * downloaded or updating (cancel first); Update in any state but DOWNLOADED; cancelling while
 * updating (dpkg may be running); a download's end while not downloading.
 */
public final class UpdateStateMachine {
    private static final Set<UpdateResult> DOWNLOAD_FAILURES = Set.of(UpdateResult.NOT_ENOUGH_STORAGE,
            UpdateResult.OUT_OF_MEMORY, UpdateResult.CONNECTION_LOST, UpdateResult.INTEGRITY_FAILURE,
            UpdateResult.UNSUPPORTED_PACKAGE, UpdateResult.INVALID_URI, UpdateResult.UNSUPPORTED_PROTOCOL);

    private UpdateStateMachine() {
    }

    /** Where {@code event} leads from {@code s}; empty when the state machine does not allow it there. */
    public static Optional<UpdateStatus> next(UpdateStatus s, UpdateEvent event) {
        UpdatePhase phase = s.phase();
        return switch (event) {
            case UpdateEvent.PushStarted e -> phase == UpdatePhase.IDLE || s.pushing()
                    ? Optional.of(downloading(new PackageSource.Push())) : Optional.empty();
            case UpdateEvent.PullStarted e -> phase == UpdatePhase.IDLE
                    ? Optional.of(downloading(new PackageSource.Pull(e.uri()))) : Optional.empty();
            case UpdateEvent.UriRefused e -> phase == UpdatePhase.IDLE
                    && (e.result() == UpdateResult.INVALID_URI || e.result() == UpdateResult.UNSUPPORTED_PROTOCOL)
                    ? Optional.of(idle(e.result(), e.reason())) : Optional.empty();
            case UpdateEvent.Cancelled e -> phase != UpdatePhase.UPDATING
                    ? Optional.of(idle(UpdateResult.INITIAL, "")) : Optional.empty();
            case UpdateEvent.DownloadCompleted e -> phase == UpdatePhase.DOWNLOADING
                    ? Optional.of(new UpdateStatus(UpdatePhase.DOWNLOADED, UpdateResult.INITIAL, Optional.empty(),
                            Optional.of(e.manifest()), "")) : Optional.empty();
            case UpdateEvent.DownloadFailed e -> phase == UpdatePhase.DOWNLOADING && DOWNLOAD_FAILURES.contains(e.result())
                    ? Optional.of(idle(e.result(), e.reason())) : Optional.empty();
            case UpdateEvent.UpdateRequested e -> phase == UpdatePhase.DOWNLOADED
                    ? Optional.of(new UpdateStatus(UpdatePhase.UPDATING, UpdateResult.INITIAL, Optional.empty(),
                            s.downloaded(), "")) : Optional.empty();
            case UpdateEvent.UpdateSucceeded e -> phase == UpdatePhase.UPDATING
                    ? Optional.of(idle(UpdateResult.UPDATED, "")) : Optional.empty();
            case UpdateEvent.UpdateFailed e -> phase == UpdatePhase.UPDATING
                    ? Optional.of(new UpdateStatus(UpdatePhase.DOWNLOADED, UpdateResult.UPDATE_FAILED, Optional.empty(),
                            s.downloaded(), e.reason())) : Optional.empty();
            case UpdateEvent.PackageSpoiled e -> phase == UpdatePhase.DOWNLOADED
                    ? Optional.of(idle(UpdateResult.INTEGRITY_FAILURE, e.reason())) : Optional.empty();
        };
    }

    private static UpdateStatus downloading(PackageSource source) {
        return new UpdateStatus(UpdatePhase.DOWNLOADING, UpdateResult.INITIAL, Optional.of(source), Optional.empty(), "");
    }

    private static UpdateStatus idle(UpdateResult result, String reason) {
        return new UpdateStatus(UpdatePhase.IDLE, result, Optional.empty(), Optional.empty(), reason);
    }
}
