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
}
