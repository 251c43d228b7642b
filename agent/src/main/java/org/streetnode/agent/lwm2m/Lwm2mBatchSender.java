package org.streetnode.agent.lwm2m;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.response.SendResponse;
import org.streetnode.agent.delivery.Batch;
import org.streetnode.agent.delivery.BatchSender;
import org.streetnode.agent.delivery.SendOutcome;

/**
 * Delivers batches by LwM2M Send (SenML-CBOR) to the registered server. 2.xx acknowledges the
 * batch; a 4.xx twice in a row means the server will never take it (malformed for it), so it is
 * rejected and quarantined rather than retried forever; anything else (timeouts, 5.xx, not
 * registered) is retried with backoff.
 */
public final class Lwm2mBatchSender implements BatchSender {
    private final Lwm2mUplink uplink;
    private final ReadingPaths paths;
    private final Duration timeout;
    private final int maxSendBytes;
    /** The first sequence number of the last batch refused once: refused again, it is quarantined. */
    private volatile long refusedOnce = -1;

    /** @param paths where the client serves each sensor's readings: what a Send names them by */
    public Lwm2mBatchSender(Lwm2mUplink uplink, ReadingPaths paths, Duration timeout, int maxSendBytes) {
        this.uplink = uplink;
        this.paths = paths;
        this.timeout = timeout;
        this.maxSendBytes = maxSendBytes;
    }

    @Override
    public CompletionStage<SendOutcome> send(Batch batch) {
        List<TimestampedLwM2mNodes> payloads;
        try {
            payloads = ReadingSends.payloads(batch.epoch(), batch.readings(), paths, maxSendBytes);
        } catch (ReadingSends.UnknownSensorException e) {
            return CompletableFuture.completedFuture(new SendOutcome.Rejected(e.getMessage()));
        }
        return sendAll(payloads, 0).thenApply(outcome -> secondChance(batch, outcome));
    }

    /** The SenML-CBOR bytes of the batch's Sends, encoded as {@link #send} encodes them. */
    @Override
    public long wireBytes(Batch batch) {
        try {
            return ReadingSends.payloads(batch.epoch(), batch.readings(), paths, maxSendBytes).stream()
                    .mapToLong(ReadingSends::encodedSize).sum();
        } catch (ReadingSends.UnknownSensorException e) {
            return 0; // refused before anything is sent
        }
    }

    /**
     * A Leshan server that lost the node's registration (restarted) answers 4.00 too, which is
     * no reason to put good readings aside. So a first refusal renews the registration and is
     * retried; only a batch refused again is taken as malformed.
     */
    private SendOutcome secondChance(Batch batch, SendOutcome outcome) {
        if (!(outcome instanceof SendOutcome.Rejected r)) {
            return outcome;
        }
        long first = batch.range().first();
        if (refusedOnce == first) {
            refusedOnce = -1;
            return r;
        }
        refusedOnce = first;
        uplink.requestUpdate();
        return new SendOutcome.Failed(r.reason() + "; renewing the registration before trying once more");
    }

    /** The payloads of one batch one after the other; the batch is acknowledged only if all are. */
    private CompletionStage<SendOutcome> sendAll(List<TimestampedLwM2mNodes> payloads, int next) {
        if (next == payloads.size()) {
            return CompletableFuture.completedFuture(new SendOutcome.Acknowledged());
        }
        return uplink.send(payloads.get(next), timeout)
                .thenCompose(response -> {
                    SendOutcome outcome = outcome(response);
                    return outcome instanceof SendOutcome.Acknowledged ? sendAll(payloads, next + 1)
                            : CompletableFuture.completedFuture(outcome);
                })
                .exceptionally(e -> new SendOutcome.Failed(describe(e)));
    }

    private static SendOutcome outcome(SendResponse response) {
        if (response == null) {
            return new SendOutcome.Failed("no answer from the server");
        }
        if (response.isSuccess()) {
            return new SendOutcome.Acknowledged();
        }
        String why = response.getCode() + (response.getErrorMessage() == null ? "" : " " + response.getErrorMessage());
        return response.getCode().isClientError() ? new SendOutcome.Rejected(why) : new SendOutcome.Failed(why);
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
