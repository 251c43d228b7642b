package org.streetnode.agent.lwm2m;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.leshan.client.send.DataSender;
import org.eclipse.leshan.client.send.DataSenderManager;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.SendResponse;

/**
 * The buffer's way into LwM2M Send: Leshan hands its {@link DataSenderManager} to registered
 * data senders, and this one passes timestamped readings through it as SenML-CBOR.
 */
final class NodeDataSender implements DataSender {
    private volatile DataSenderManager manager;

    @Override
    public void setDataSenderManager(DataSenderManager dataSenderManager) {
        this.manager = dataSenderManager;
    }

    @Override
    public String getName() {
        return "streetnode-buffer";
    }

    CompletionStage<SendResponse> send(LwM2mServer server, TimestampedLwM2mNodes nodes, Duration timeout) {
        CompletableFuture<SendResponse> result = new CompletableFuture<>();
        DataSenderManager m = manager;
        if (m == null) {
            result.completeExceptionally(new IllegalStateException("the LwM2M client is not running"));
            return result;
        }
        m.sendData(server, ContentFormat.SENML_CBOR, nodes, result::complete, result::completeExceptionally,
                timeout.toMillis());
        return result;
    }
}
