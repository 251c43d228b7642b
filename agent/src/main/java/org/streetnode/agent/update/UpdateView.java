package org.streetnode.agent.update;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code streetnode shell update}: where the node's software update stands, as crews read it.
 *
 * @param enabled whether remote updates are on (a release key is pinned)
 * @param state the LwM2M state: idle, downloading, downloaded, updating
 * @param result the last Update Result, its LwM2M number ({@code /5/0/5})
 * @param resultMeaning that result in words ("8 update failed")
 * @param reason why, when there is something to say
 * @param running the version this agent runs
 * @param packageVersion the version of the package downloaded or being installed
 * @param source where the download comes from ("push" or its URI), while downloading
 * @param bytes how much of the download has arrived
 * @param totalBytes the whole package's size, when the transfer gave it
 * @param percent how far the download is, when its size is known
 * @param bytesPerSecond the download's rate since it (re)started in this run of the agent
 * @param maxBytesPerSecond what a pull is held to ({@code [update] max_download_rate})
 * @param previousVersion the version that ran before the last update that succeeded (the install
 *     helper keeps its package for a rollback)
 */
public record UpdateView(boolean enabled, String state, int result, String resultMeaning, String reason, String running,
        Optional<String> packageVersion, Optional<String> source, long bytes, OptionalLong totalBytes,
        Optional<Double> percent, long bytesPerSecond, long maxBytesPerSecond, Optional<String> previousVersion) {

    /** No release key pinned: updates are off. */
    public static final UpdateView OFF = new UpdateView(false, "off", 0, UpdateResult.INITIAL.describe(),
            "no release key pinned ([update] release_key): remote updates are off", "", Optional.empty(), Optional.empty(),
            0, OptionalLong.empty(), Optional.empty(), 0, 0, Optional.empty());
}
