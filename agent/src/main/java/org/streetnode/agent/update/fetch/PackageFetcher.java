package org.streetnode.agent.update.fetch;

import java.net.URI;
import java.util.Set;

/**
 * Fetches a package from a URI in blocks, from a given offset on: the pull side of an update.
 * A fetcher holds no state between calls; resuming is calling it again with the offset reached.
 */
public interface PackageFetcher {
    /** The URI schemes it serves. */
    Set<String> schemes();

    /**
     * Fetches {@code uri} from byte {@code offset} to the end, handing each block to {@code sink}
     * in order, and returns when the resource ended. Every wait is bounded: a network that goes
     * away ends the call with a {@link FetchException} (transient), never a hang.
     */
    void fetch(URI uri, long offset, BlockSink sink) throws FetchException, InterruptedException;

    /** Where fetched blocks go. */
    interface BlockSink {
        /**
         * One block.
         *
         * @param offset where it starts (the offset asked for, then each block after the last)
         * @param data its bytes
         * @param total the resource's whole size when the server said it, else -1
         * @throws FetchException to stop the fetch (the download was cancelled, or refused)
         */
        void accept(long offset, byte[] data, long total) throws FetchException;
    }
}
