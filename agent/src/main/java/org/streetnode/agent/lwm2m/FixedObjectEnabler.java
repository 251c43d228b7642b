package org.streetnode.agent.lwm2m;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.streetnode.agent.lwm2m.object.BlockwiseWritable;

/**
 * An object whose instances mirror the node's hardware and services (the Device, one instance
 * per configured sensor, the lamp): the platform reads, observes, writes and executes them, but
 * cannot create or delete them (4.05), because there is nothing behind a new instance.
 *
 * <p>Its instances change on the node's own threads (a reading, the lamp), whenever they like,
 * but Leshan's listener lists are plain lists, filled while the client is built and started: a
 * change fired meanwhile would iterate a list being added to. So the object passes changes on
 * only while {@link #notifying(boolean) notifying}, which the client service turns on once the
 * client has started and off before it stops; nobody can observe the object outside that time.
 */
final class FixedObjectEnabler extends ObjectEnabler {
    private volatile boolean notifying;

    FixedObjectEnabler(ObjectModel model, LwM2mInstanceEnabler... instances) {
        super(model.id, model, index(model, instances), (m, id, used) -> {
            throw new IllegalStateException("instances of object " + m.id + " are fixed");
        }, ContentFormat.DEFAULT);
    }

    /** Whether changes of the instances go to the object's listeners from now on. */
    void notifying(boolean on) {
        notifying = on;
    }

    @Override
    protected void fireResourcesChanged(LwM2mPath... paths) {
        if (notifying) {
            super.fireResourcesChanged(paths);
        }
    }

    /**
     * A block of a block-wise write goes to an instance that takes values block by block
     * ({@link BlockwiseWritable}) as it is, undecoded: only opaque values are written so.
     */
    @Override
    protected WriteResponse doWrite(LwM2mServer server, WriteRequest request) {
        LwM2mPath path = request.getPath();
        if (path.isResource() && request.getCoapRequest() instanceof Request coap && coap.getOptions().hasBlock1()
                && getInstance(path.getObjectInstanceId()) instanceof BlockwiseWritable target) {
            if (request.getContentFormat() != ContentFormat.OPAQUE) {
                return WriteResponse.unsupportedContentFormat();
            }
            BlockOption block = coap.getOptions().getBlock1();
            long size1 = coap.getOptions().hasSize1() ? coap.getOptions().getSize1() : -1;
            return target.writeBlock(server, path.getResourceId(), block.getOffset(), coap.getPayload(), block.isM(), size1);
        }
        return super.doWrite(server, request);
    }

    @Override
    protected CreateResponse doCreate(LwM2mServer server, CreateRequest request) {
        return CreateResponse.methodNotAllowed();
    }

    @Override
    protected DeleteResponse doDelete(LwM2mServer server, DeleteRequest request) {
        return DeleteResponse.methodNotAllowed();
    }

    private static Map<Integer, LwM2mInstanceEnabler> index(ObjectModel model, LwM2mInstanceEnabler[] instances) {
        Map<Integer, LwM2mInstanceEnabler> byId = new LinkedHashMap<>();
        for (int i = 0; i < instances.length; i++) {
            LwM2mInstanceEnabler instance = instances[i];
            if (instance.getId() == null) {
                instance.setId(i);
            }
            instance.setModel(model);
            if (byId.put(instance.getId(), instance) != null) {
                throw new IllegalArgumentException("object " + model.id + " has two instances with id " + instance.getId());
            }
        }
        return byId;
    }
}
