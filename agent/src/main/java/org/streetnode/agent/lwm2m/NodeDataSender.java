package org.streetnode.agent.lwm2m;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import org.eclipse.leshan.client.send.DataSender;
import org.eclipse.leshan.client.send.DataSenderManager;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.SendResponse;

/**
 * The buffer's way into LwM2M Send: Leshan hands its {@link DataSenderManager} to registered
 * data senders, and this one passes timestamped readings through it as SenML-CBOR.
 *
 * <p>Each Send waits for its answer on the sender's own thread, with Leshan's synchronous send.
 * Leshan's asynchronous send would time it out on a timer thread that every Leshan client keeps
 * for itself and that nothing can share; this thread comes from the agent's
 * {@link org.streetnode.agent.lifecycle.AgentThreads}, and one Send at a time is all the buffer
 * asks for.
 */
final class NodeDataSender implements DataSender {
    private final ThreadFactory thread;
    private volatile DataSenderManager manager;
    private volatile ExecutorService sending;

    /** @param thread makes the thread Sends wait for their answers on */
    NodeDataSender(ThreadFactory thread) {
        this.thread = thread;
    }

    @Override
    public void setDataSenderManager(DataSenderManager dataSenderManager) {
        this.manager = dataSenderManager;
    }

    @Override
    public String getName() {
        return "streetnode-buffer";
    }

    /** The client starts: Sends may go. */
    synchronized void start() {
        if (sending == null) {
            sending = Executors.newSingleThreadExecutor(thread);
        }
    }

    /** The client stops: a Send still waiting ends (as failed), and its thread with it. */
    synchronized void stop() {
        if (sending != null) {
            sending.shutdownNow();
            sending = null;
        }
    }

    CompletionStage<SendResponse> send(LwM2mServer server, TimestampedLwM2mNodes nodes, Duration timeout) {
        CompletableFuture<SendResponse> result = new CompletableFuture<>();
        DataSenderManager m = manager;
        ExecutorService on = sending;
        if (m == null || on == null) {
            result.completeExceptionally(new IllegalStateException("the LwM2M client is not running"));
            return result;
        }
        try {
            on.execute(() -> {
                try {
                    result.complete(m.sendData(server, ContentFormat.SENML_CBOR, nodes, timeout.toMillis()));
                } catch (InterruptedException e) {
                    result.completeExceptionally(new IllegalStateException("the LwM2M client stopped"));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the LwM2M client is not running"));
        }
        return result;
    }
}
