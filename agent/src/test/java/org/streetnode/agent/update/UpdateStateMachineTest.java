package org.streetnode.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every event in every state: what LwM2M 1.1's Firmware Update state machine allows leads where
 * it says, with the Update Result it says; everything else is refused and changes nothing.
 */
class UpdateStateMachineTest {
    private static final Manifest MANIFEST = new Manifest("streetnode", DebianVersion.parse("0.3.0"),
            DebianVersion.parse("0.1.0"), "streetnode_0.3.0_all.deb", 10, "0".repeat(64));
    private static final URI URI_ = URI.create("coaps://firmware.example:5684/streetnode");

    private static final Map<String, UpdateStatus> STATES = new LinkedHashMap<>();
    private static final Map<String, UpdateEvent> EVENTS = new LinkedHashMap<>();

    static {
        STATES.put("idle", UpdateStatus.INITIAL);
        STATES.put("idle after failure", new UpdateStatus(UpdatePhase.IDLE, UpdateResult.CONNECTION_LOST, Optional.empty(),
                Optional.empty(), "lost"));
        STATES.put("pushing", new UpdateStatus(UpdatePhase.DOWNLOADING, UpdateResult.INITIAL,
                Optional.of(new PackageSource.Push()), Optional.empty(), ""));
        STATES.put("pulling", new UpdateStatus(UpdatePhase.DOWNLOADING, UpdateResult.INITIAL,
                Optional.of(new PackageSource.Pull(URI_)), Optional.empty(), ""));
        STATES.put("downloaded", new UpdateStatus(UpdatePhase.DOWNLOADED, UpdateResult.INITIAL, Optional.empty(),
                Optional.of(MANIFEST), ""));
        STATES.put("downloaded after failed update", new UpdateStatus(UpdatePhase.DOWNLOADED, UpdateResult.UPDATE_FAILED,
                Optional.empty(), Optional.of(MANIFEST), "rolled back"));
        STATES.put("updating", new UpdateStatus(UpdatePhase.UPDATING, UpdateResult.INITIAL, Optional.empty(),
                Optional.of(MANIFEST), ""));

        EVENTS.put("push", new UpdateEvent.PushStarted());
        EVENTS.put("pull", new UpdateEvent.PullStarted(URI_));
        EVENTS.put("invalid uri", new UpdateEvent.UriRefused(UpdateResult.INVALID_URI, "bad"));
        EVENTS.put("unsupported protocol", new UpdateEvent.UriRefused(UpdateResult.UNSUPPORTED_PROTOCOL, "ftp"));
        EVENTS.put("uri refused as integrity", new UpdateEvent.UriRefused(UpdateResult.INTEGRITY_FAILURE, "no"));
        EVENTS.put("cancel", new UpdateEvent.Cancelled());
        EVENTS.put("completed", new UpdateEvent.DownloadCompleted(MANIFEST));
        for (UpdateResult r : UpdateResult.values()) {
            EVENTS.put("failed " + r, new UpdateEvent.DownloadFailed(r, "why"));
        }
        EVENTS.put("update", new UpdateEvent.UpdateRequested());
        EVENTS.put("succeeded", new UpdateEvent.UpdateSucceeded());
        EVENTS.put("update failed", new UpdateEvent.UpdateFailed("rolled back"));
        EVENTS.put("spoiled", new UpdateEvent.PackageSpoiled("sha"));
    }

    /** "state / event" to "PHASE RESULT"; every pair not listed must be refused. */
    private static final Map<String, String> ALLOWED = new LinkedHashMap<>();

    static {
        for (String idle : new String[] {"idle", "idle after failure"}) {
            ALLOWED.put(idle + " / push", "DOWNLOADING INITIAL push");
            ALLOWED.put(idle + " / pull", "DOWNLOADING INITIAL pull");
            ALLOWED.put(idle + " / invalid uri", "IDLE INVALID_URI");
            ALLOWED.put(idle + " / unsupported protocol", "IDLE UNSUPPORTED_PROTOCOL");
            ALLOWED.put(idle + " / cancel", "IDLE INITIAL");
        }
        for (String downloading : new String[] {"pushing", "pulling"}) {
            ALLOWED.put(downloading + " / completed", "DOWNLOADED INITIAL");
            ALLOWED.put(downloading + " / cancel", "IDLE INITIAL");
            for (UpdateResult r : new UpdateResult[] {UpdateResult.NOT_ENOUGH_STORAGE, UpdateResult.OUT_OF_MEMORY,
                    UpdateResult.CONNECTION_LOST, UpdateResult.INTEGRITY_FAILURE, UpdateResult.UNSUPPORTED_PACKAGE,
                    UpdateResult.INVALID_URI, UpdateResult.UNSUPPORTED_PROTOCOL}) {
                ALLOWED.put(downloading + " / failed " + r, "IDLE " + r);
            }
        }
        ALLOWED.put("pushing / push", "DOWNLOADING INITIAL push");
        for (String downloaded : new String[] {"downloaded", "downloaded after failed update"}) {
            ALLOWED.put(downloaded + " / update", "UPDATING INITIAL");
            ALLOWED.put(downloaded + " / cancel", "IDLE INITIAL");
            ALLOWED.put(downloaded + " / spoiled", "IDLE INTEGRITY_FAILURE");
        }
        ALLOWED.put("updating / succeeded", "IDLE UPDATED");
        ALLOWED.put("updating / update failed", "DOWNLOADED UPDATE_FAILED");
    }

    @Test
    void everyEventInEveryStateGoesWhereTheSpecificationSaysOrIsRefused() {
        int allowed = 0;
        for (var state : STATES.entrySet()) {
            for (var event : EVENTS.entrySet()) {
                String key = state.getKey() + " / " + event.getKey();
                Optional<UpdateStatus> next = UpdateStateMachine.next(state.getValue(), event.getValue());
                String expected = ALLOWED.get(key);
                if (expected == null) {
                    assertThat(next).as(key + " is forbidden").isEmpty();
                    continue;
                }
                allowed++;
                assertThat(next).as(key).isPresent();
                String[] want = expected.split(" ");
                assertThat(next.get().phase().name()).as(key).isEqualTo(want[0]);
                assertThat(next.get().result().name()).as(key).isEqualTo(want[1]);
                if (want.length > 2) {
                    assertThat(next.get().source().orElseThrow()).as(key).isInstanceOf(want[2].equals("push")
                            ? PackageSource.Push.class : PackageSource.Pull.class);
                }
            }
        }
        assertThat(allowed).isEqualTo(ALLOWED.size());
    }

    @Test
    void aDownloadedPackageIsRememberedThroughUpdatingAndAFailedUpdate() {
        UpdateStatus downloaded = UpdateStateMachine.next(STATES.get("pulling"), new UpdateEvent.DownloadCompleted(MANIFEST))
                .orElseThrow();
        assertThat(downloaded.downloaded()).contains(MANIFEST);
        assertThat(downloaded.source()).isEmpty();
        UpdateStatus updating = UpdateStateMachine.next(downloaded, new UpdateEvent.UpdateRequested()).orElseThrow();
        assertThat(updating.downloaded()).contains(MANIFEST);
        UpdateStatus failed = UpdateStateMachine.next(updating, new UpdateEvent.UpdateFailed("health check: not registered"))
                .orElseThrow();
        assertThat(failed.downloaded()).contains(MANIFEST);
        assertThat(failed.reason()).isEqualTo("health check: not registered");
        assertThat(UpdateStateMachine.next(updating, new UpdateEvent.UpdateSucceeded()).orElseThrow().downloaded()).isEmpty();
    }
}
