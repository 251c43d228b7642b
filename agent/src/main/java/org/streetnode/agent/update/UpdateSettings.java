package org.streetnode.agent.update;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import org.streetnode.agent.config.UpdateConfig;

/**
 * Everything the update service works by: {@code [update]}, the running version, and the limits
 * the configuration does not expose.
 *
 * @param releaseKey the pinned release key
 * @param running the version this agent runs
 * @param allowDowngrade whether older packages are taken
 * @param maxDownloadRate bytes per second a pull is held to
 * @param spoolDir the spool
 * @param lab whether plain coap:// and http:// may be pulled from ({@code [lwm2m] lab})
 * @param pushTimeout a push that sends no block for this long has lost its connection (result 4)
 * @param retries how many times a pull that fails without progress is tried again before it gives up (result 4)
 * @param firstRetryWait the wait before the first retry, doubled for each next one (at most 5 min)
 * @param keepFree bytes a download must leave free on the spool's file system (the buffer, logs and
 *     the install helper's copy live there too)
 */
public record UpdateSettings(PublicKey releaseKey, DebianVersion running, boolean allowDowngrade, long maxDownloadRate,
        Path spoolDir, boolean lab, Duration pushTimeout, int retries, Duration firstRetryWait, long keepFree) {
    static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(5);

    /** From the configuration; {@code [update] release_key} must be set. */
    public static UpdateSettings of(UpdateConfig config, boolean lab, String runningVersion) {
        return new UpdateSettings(config.releaseKey().orElseThrow(() -> new IllegalArgumentException(
                "[update] release_key is not set: updates are off")), DebianVersion.parse(runningVersion),
                config.allowDowngrade(), config.maxDownloadRate(), config.spoolDir(), lab, Duration.ofMinutes(5), 6,
                Duration.ofSeconds(10), 16L * 1024 * 1024);
    }

    public UpdateSettings withRetries(int retries, Duration firstRetryWait) {
        return new UpdateSettings(releaseKey, running, allowDowngrade, maxDownloadRate, spoolDir, lab, pushTimeout, retries,
                firstRetryWait, keepFree);
    }

    public UpdateSettings withKeepFree(long bytes) {
        return new UpdateSettings(releaseKey, running, allowDowngrade, maxDownloadRate, spoolDir, lab, pushTimeout, retries,
                firstRetryWait, bytes);
    }

    public UpdateSettings withPushTimeout(Duration timeout) {
        return new UpdateSettings(releaseKey, running, allowDowngrade, maxDownloadRate, spoolDir, lab, timeout, retries,
                firstRetryWait, keepFree);
    }
}
