package org.streetnode.agent.delivery;

import java.util.concurrent.CompletionStage;

/**
 * Sends one batch to the platform; implemented by the LwM2M layer with a Send (SenML-CBOR).
 * The stage completes with the outcome; completing exceptionally counts as
 * {@link SendOutcome.Failed}. It may complete on any thread.
 */
@FunctionalInterface
public interface BatchSender {
    CompletionStage<SendOutcome> send(Batch batch);

    /**
     * The payload bytes the batch's Sends take as this sender encodes them: what the replay's
     * bytes-per-second limit is charged. By default {@link WireSize}'s estimate.
     */
    default long wireBytes(Batch batch) {
        return WireSize.of(batch.size());
    }
}
